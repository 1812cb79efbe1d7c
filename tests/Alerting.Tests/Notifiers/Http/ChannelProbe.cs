using Alerting.Notifiers.Http;
using System.Net;
using Alerting.Notifiers;
using Alerting.Testing;
using Alerting.Dispatch.Internal;
using Alerting.Dispatch;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>
/// Runs an HTTP notifier through its channel's real pipeline over a MockHttp handler that expects a POST to
/// <paramref name="expectedUrl"/> per answer, answers in order and records each request, so tests pin the exact request
/// and the classification of each answer. Retryable results are retried as the dispatcher does, per <see cref="Retry"/>
/// (the same formula, the waits recorded and passed on the rig's clock instead of waited for), and the returned result
/// counts every attempt. A request to any other URL, or fewer requests than answers, fails the test. The notifier's and
/// the pipeline's logs are captured.
/// </summary>
internal sealed class ChannelProbe(IHttpNotifierOptions options, string expectedUrl, Func<HttpClient, TimeProvider, ILoggerFactory, INotifier> create)
{
    public List<SentRequest> Requests { get; } = [];

    public HttpRig? Rig { get; private set; }

    /// <summary>Gets what the notifier itself logged (its own category, not the pipeline's).</summary>
    public FakeLogCollector NotifierLogs { get; } = new();

    /// <summary>A notification as the dispatcher would render it.</summary>
    public static Notification Notification(
        string channel,
        NotificationKind kind = NotificationKind.Trigger,
        AlertEvent? alertEvent = null,
        string title = "[ERROR] Job nightly-import failed",
        string message = "Disk full",
        string? payload = null,
        string? body = null,
        string? incidentId = null)
    {
        var e = alertEvent ?? Some.Event(environment: "production", attributes: new Dictionary<string, object?> { ["region"] = "eu-west-1", ["rows"] = 42 });
        return new Notification
        {
            ChannelName = channel,
            RuleName = "failures",
            Event = e,
            Kind = kind,
            Severity = e.Severity,
            DedupKey = e.EffectiveDedupKey,
            IncidentId = incidentId,
            Title = title,
            Message = message,
            Payload = payload,
            Body = body,
        };
    }

    public static HttpResponseMessage Answer(HttpStatusCode status, string body = "", string contentType = "text/plain", string? retryAfter = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    /// <summary>Sends <paramref name="notification"/>; the mock answers each request with the next of <paramref name="answers"/>.</summary>
    public async Task<DeliveryResult> SendAsync(Notification notification, params Func<HttpResponseMessage>[] answers)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Throw(new InvalidOperationException("The notifier sent a request the test did not expect."));
        foreach (var answer in answers)
        {
            mock.Expect(HttpMethod.Post, expectedUrl).Respond(async request =>
            {
                Requests.Add(await SentRequest.ReadAsync(request, CancellationToken.None));
                return answer();
            });
        }

        using var rig = new HttpRig(options, mock, "probe");
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(NotifierLogs)));
        Rig = rig;
        var notifier = create(rig.Client, rig.Clock, loggerFactory);
        var result = await RetryAsync(n => notifier.SendAsync(n, CancellationToken.None).AsTask().WaitAsync(TimerClock.Guard), notification, Retry, rig.Clock, RetryWaits);
        mock.VerifyNoOutstandingExpectation();
        return result;
    }

    /// <summary>Gets the retry policy applied: by default four attempts, with the default delays.</summary>
    public DeliveryRetryOptions Retry { get; } = new();

    /// <summary>Gets the waits between attempts, as the dispatcher would have waited them.</summary>
    public List<TimeSpan> RetryWaits { get; } = [];

    /// <summary>
    /// Sends <paramref name="notification"/> as the dispatcher does: again while the result is retryable and attempts
    /// remain, each retry after <see cref="RetryDelay.Next"/> (no jitter) has passed on <paramref name="clock"/>, with
    /// the recipients' outcomes so far; the result carries every attempt.
    /// </summary>
    public static async Task<DeliveryResult> RetryAsync(
        Func<Notification, Task<DeliveryResult>> send, Notification notification, DeliveryRetryOptions retry, TimerClock clock, List<TimeSpan> waits)
    {
        var attempts = 0;
        IReadOnlyList<RecipientResult> recipients = [];
        for (var attempt = 1; ; attempt++)
        {
            var result = await send(attempt == 1 ? notification : notification.ForAttempt(attempt, recipients));
            attempts += DeliveryProcessor.AttemptsMade(result, recipients);
            recipients = result.Recipients;
            if (!result.IsRetryable || attempt >= retry.MaxAttempts)
            {
                return WithAttempts(result, attempts);
            }

            var wait = RetryDelay.Next(retry, attempt, result.RetryAfter, 0.5);
            waits.Add(wait);
            clock.Advance(wait);
        }
    }

    private static DeliveryResult WithAttempts(DeliveryResult result, int attempts) => result switch
    {
        { Recipients.Count: > 0 } => result,
        { IsDelivered: true } => DeliveryResult.Delivered(attempts),
        { IsRetryable: true } => DeliveryResult.Transient(result.Reason!, result.RetryAfter, attempts),
        { Status: DeliveryStatus.TransientFailure } => DeliveryResult.NotRetried(result.Reason!, attempts),
        _ => DeliveryResult.Permanent(result.Reason!, attempts),
    };

    /// <summary>Everything logged, by the notifier and by the pipeline, for redaction checks.</summary>
    public string Logged =>
        string.Join("\n", NotifierLogs.GetSnapshot().Concat(Rig?.Logger.Collector.GetSnapshot() ?? []).Select(r => r.Message + " " + r.Exception));

    /// <summary>Asserts that <paramref name="result"/> was delivered on the second attempt, after one retry.</summary>
    public void AssertDeliveredAfterOneRetry(DeliveryResult result)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(RetryWaits, Has.Count.EqualTo(1), "the first answer was retried");
        }
    }
}
