using System.Net;
using System.Text;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>
/// A Twilio channel over a MockHttp handler through its real HTTP pipeline, on a fake clock, with the notifier's and the
/// pipeline's logs captured. Requests the test did not expect fail the test instead of being answered.
/// </summary>
internal sealed class TwilioRig : IDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "s3cr3tAuthT0ken0123456789abcdef0";
    public const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    public const string ApiKeySecret = "s3cr3tApiK3ySecret0123456789abcd";
    public const string ServiceSid = "MG0123456789abcdef0123456789abcdef";
    public const string From = "+14155550100";
    public const string To1 = "+14155550111";
    public const string To2 = "+14155550122";
    public const string To3 = "+14155550133";
    public const string Messages = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Messages.json";
    public const string Title = "[ERROR] Job nightly-import failed (firing)";

    private readonly ILoggerFactory _loggerFactory;

    public TwilioRig(Action<TwilioOptions>? configure = null)
    {
        Options = new TwilioOptions { AccountSid = AccountSid, AuthToken = AuthToken, From = From, To = [To1], Http = HttpRig.Quick() };
        configure?.Invoke(Options);
        Mock.Fallback.Throw(new InvalidOperationException("Twilio got a request the test did not expect."));
        Http = new HttpRig(Options, Mock, "on-call-sms");
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(Logs)));
        Notifier = new TwilioNotifier(Options, Http.Client, Http.Clock, _loggerFactory);
    }

    public TwilioOptions Options { get; }

    public MockHttpMessageHandler Mock { get; } = new();

    public HttpRig Http { get; }

    public FakeLogCollector Logs { get; } = new();

    public TwilioNotifier Notifier { get; }

    /// <summary>Every line logged, by the notifier and by the pipeline.</summary>
    public string Logged => string.Join("\n", Logs.GetSnapshot().Concat(Http.Logger.Collector.GetSnapshot()).Select(r => r.Message + " " + r.Exception));

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    /// <summary>A notification as the dispatcher renders it for this channel.</summary>
    public static Notification Notify(NotificationKind kind = NotificationKind.Trigger, string title = Title, string message = "Job nightly-import failed.\nDisk full", string? body = null) =>
        new()
        {
            ChannelName = "on-call-sms",
            RuleName = "failures",
            Event = Some.Event(),
            Kind = kind,
            Severity = AlertSeverity.Error,
            DedupKey = "job.failed:nightly-import",
            Title = title,
            Message = message,
            Body = body,
        };

    /// <summary>The next request must be a message to <paramref name="to"/> (form checked unless <paramref name="form"/> says otherwise).</summary>
    public MockedRequest ExpectMessage(string to = To1, IDictionary<string, string>? form = null) =>
        Mock.Expect(HttpMethod.Post, Messages)
            .WithHeaders("Authorization", Basic(AccountSid, AuthToken))
            .WithFormData(form ?? new Dictionary<string, string> { ["To"] = to });

    public static HttpResponseMessage Created(string sid = "SM0123456789abcdef0123456789abcdef") =>
        Json(HttpStatusCode.Created, $$"""{"sid":"{{sid}}","status":"queued","to":"+14155550111","num_segments":"1","error_code":null,"error_message":null}""");

    /// <summary>Twilio's error body.</summary>
    public static HttpResponseMessage Error(int status, int code, string message = "error", string? retryAfter = null)
    {
        var response = Json((HttpStatusCode)status, $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{status}}}""");
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    /// <summary>Gets the retry policy <see cref="SendAsync"/> applies as the dispatcher would: by default four attempts.</summary>
    public DeliveryRetryOptions Retry { get; } = new();

    /// <summary>Gets the waits between attempts, as the dispatcher would have waited them.</summary>
    public List<TimeSpan> RetryWaits { get; } = [];

    /// <summary>Sends <paramref name="notification"/>, retried as the dispatcher retries per <see cref="Retry"/>.</summary>
    public async Task<DeliveryResult> SendAsync(Notification? notification = null)
    {
        var result = await ChannelProbe.RetryAsync(
            n => Notifier.SendAsync(n, CancellationToken.None).AsTask(), notification ?? Notify(), Retry, Http.Clock, RetryWaits);
        Mock.VerifyNoOutstandingExpectation();
        return result;
    }

    public void Dispose()
    {
        Http.Dispose();
        Mock.Dispose();
        _loggerFactory.Dispose();
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
}
