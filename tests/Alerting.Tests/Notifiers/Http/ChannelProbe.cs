using Alerting.Notifiers.Http;
using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>One request as a provider got it.</summary>
internal sealed record SentRequest(HttpMethod Method, Uri Url, string? Authorization, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public Dictionary<string, string> Form => Body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));
}

/// <summary>
/// Runs an HTTP notifier through its channel's real pipeline over a MockHttp handler that expects a POST to
/// <paramref name="expectedUrl"/> per answer, answers in order and records each request, so tests pin the exact request
/// and the classification of each answer. A request to any other URL, or fewer requests than answers, fails the test.
/// The notifier's and the pipeline's logs are captured.
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
                Requests.Add(new SentRequest(
                    request.Method,
                    request.RequestUri!,
                    request.Headers.Authorization?.ToString(),
                    request.Content?.Headers.ContentType?.ToString(),
                    request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync()));
                return answer();
            });
        }

        using var rig = new HttpRig(options, mock, "probe");
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(NotifierLogs)));
        Rig = rig;
        var sending = create(rig.Client, rig.Clock, loggerFactory).SendAsync(notification, CancellationToken.None).AsTask();
        while (!sending.IsCompleted)
        {
            // Retry waits (Retry-After) run on the rig's clock: fire them, never the per-try timeouts, until the delivery ends.
            using var stop = new CancellationTokenSource();
            var timer = rig.Clock.NextTimerAsync(stop.Token);
            if (await Task.WhenAny(sending, timer) == timer)
            {
                if (await timer is var due && due != HttpRig.AttemptTimeout)
                {
                    rig.Clock.Advance(due);
                }
            }
            else
            {
                await stop.CancelAsync(); // the pending wait ends as cancelled instead of failing later
            }
        }

        var result = await sending.WaitAsync(TimerClock.Guard);
        mock.VerifyNoOutstandingExpectation();
        return result;
    }

    /// <summary>Everything logged, by the notifier and by the pipeline, for redaction checks.</summary>
    public string Logged =>
        string.Join("\n", NotifierLogs.GetSnapshot().Concat(Rig?.Logger.Collector.GetSnapshot() ?? []).Select(r => r.Message + " " + r.Exception));

    /// <summary>Asserts that <paramref name="result"/> was delivered on the second try after the shared pipeline retried (and logged the retry).</summary>
    public void AssertDeliveredAfterOnePipelineRetry(DeliveryResult result)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(Rig!.Logger.Collector.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1203), "the shared pipeline logged the retry");
        }
    }
}
