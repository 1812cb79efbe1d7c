using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.PagerDuty;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.PagerDuty;

[TestFixture]
public partial class PagerDutyNotifierTests
{
    internal const string RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF";
    private const string Enqueue = "https://events.pagerduty.com/v2/enqueue";
    private const string Accepted = """{"status":"success","message":"Event processed","dedup_key":"k"}""";

    private static (PagerDutyNotifier Notifier, HttpRig Rig) CreateSut(MockHttpMessageHandler mock, Action<PagerDutyOptions>? configure = null)
    {
        var options = new PagerDutyOptions { RoutingKey = RoutingKey, Http = HttpRig.Quick() };
        configure?.Invoke(options);
        var rig = new HttpRig(options, mock, "pagerduty-prod");
        return (new PagerDutyNotifier(options, rig.Client, rig.Clock), rig);
    }

    private static Notification Notify(
        NotificationKind kind = NotificationKind.Trigger,
        AlertEvent? alertEvent = null,
        string? title = null,
        AlertSeverity? severity = null,
        string dedupKey = "job.failed:nightly-import",
        string? payload = null)
    {
        var e = alertEvent ?? Some.Event(attributes: new Dictionary<string, object?> { ["region"] = "eu-west", ["rows"] = 42 });
        return new Notification
        {
            ChannelName = "pagerduty-prod",
            RuleName = "failures",
            Event = e,
            Kind = kind,
            Severity = severity ?? e.Severity,
            DedupKey = dedupKey,
            Title = title ?? "[ERROR] Job nightly-import failed",
            Message = "Disk full",
            Payload = payload,
        };
    }

    /// <summary>Sends one notification to a mock that answers 202, and returns the body PagerDuty would have got.</summary>
    private static async Task<JsonElement> SentBodyAsync(Notification notification, Action<PagerDutyOptions>? configure = null, string url = Enqueue)
    {
        using var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, url)
            .WithHeaders("Content-Type", "application/json; charset=utf-8")
            .Respond(async request =>
            {
                body = await request.Content!.ReadAsStringAsync();
                return new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent(Accepted) };
            });
        var (notifier, rig) = CreateSut(mock, configure);
        using (rig)
        {
            var result = await notifier.SendAsync(notification, CancellationToken.None);
            Assert.That(result.IsDelivered, Is.True, result.Reason);
        }

        mock.VerifyNoOutstandingExpectation();
        return JsonDocument.Parse(body!).RootElement.Clone();
    }

    /// <summary>Sends one notification to a mock scripted by <paramref name="script"/> and returns the result.</summary>
    private static async Task<DeliveryResult> AnswerAsync(Action<MockHttpMessageHandler> script, Notification? notification = null, Action<PagerDutyOptions>? configure = null)
    {
        using var mock = new MockHttpMessageHandler();
        script(mock);
        var (notifier, rig) = CreateSut(mock, configure);
        using (rig)
        {
            // Retried as the dispatcher retries: four attempts, the waits passed on the rig's clock.
            var result = await ChannelProbe.RetryAsync(
                n => notifier.SendAsync(n, CancellationToken.None).AsTask(), notification ?? Notify(), new DeliveryRetryOptions(), rig.Clock, []);
            mock.VerifyNoOutstandingExpectation();
            return result;
        }
    }

    [Test]
    public async Task SendAsync_Trigger_SendsEveryPayloadField()
    {
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["region"] = "eu-west", ["rows"] = 42 });
        e = new AlertEvent(e.Type, e.Source, e.Severity, e.Message) { Attributes = e.Attributes, Timestamp = e.Timestamp, Url = new Uri("https://jobs.example.com/runs/7") };

        var body = await SentBodyAsync(Notify(alertEvent: e), o =>
        {
            o.Component = "importer";
            o.Group = "{attributes.region}";
            o.Links.Add(new PagerDutyLinkOptions { Href = "https://grafana.example.com/d/jobs?job={source}", Text = "Dashboard for {source}" });
            o.Images.Add(new PagerDutyImageOptions { Src = "https://charts.example.com/{source}.png", Href = "https://charts.example.com", Alt = "Chart" });
        });

        var payload = body.GetProperty("payload");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("routing_key").GetString(), Is.EqualTo(RoutingKey));
            Assert.That(body.GetProperty("event_action").GetString(), Is.EqualTo("trigger"));
            Assert.That(body.GetProperty("dedup_key").GetString(), Is.EqualTo("job.failed:nightly-import"));
            Assert.That(payload.GetProperty("summary").GetString(), Is.EqualTo("[ERROR] Job nightly-import failed"));
            Assert.That(payload.GetProperty("source").GetString(), Is.EqualTo("nightly-import"));
            Assert.That(payload.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(payload.GetProperty("timestamp").GetString(), Is.EqualTo("2026-11-22T09:12:00.000+00:00"));
            Assert.That(payload.GetProperty("component").GetString(), Is.EqualTo("importer"));
            Assert.That(payload.GetProperty("group").GetString(), Is.EqualTo("eu-west"));
            Assert.That(payload.GetProperty("class").GetString(), Is.EqualTo("job.failed"));
            Assert.That(payload.GetProperty("custom_details").GetProperty("region").GetString(), Is.EqualTo("eu-west"));
            Assert.That(payload.GetProperty("custom_details").GetProperty("rows").GetInt32(), Is.EqualTo(42));
            Assert.That(body.GetProperty("links")[0].GetProperty("href").GetString(), Is.EqualTo("https://grafana.example.com/d/jobs?job=nightly-import"));
            Assert.That(body.GetProperty("links")[0].GetProperty("text").GetString(), Is.EqualTo("Dashboard for nightly-import"));
            Assert.That(body.GetProperty("images")[0].GetProperty("src").GetString(), Is.EqualTo("https://charts.example.com/nightly-import.png"));
            Assert.That(body.GetProperty("images")[0].GetProperty("href").GetString(), Is.EqualTo("https://charts.example.com"));
            Assert.That(body.GetProperty("images")[0].GetProperty("alt").GetString(), Is.EqualTo("Chart"));
            Assert.That(body.GetProperty("client").GetString(), Is.EqualTo("Alerting"));
            Assert.That(body.GetProperty("client_url").GetString(), Is.EqualTo("https://jobs.example.com/runs/7"));
        }
    }

    [Test]
    public async Task SendAsync_NoOptionalFields_OmitsThem()
    {
        var body = await SentBodyAsync(Notify(), o => o.Class = null);

        var payload = body.GetProperty("payload");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(payload.TryGetProperty("component", out _), Is.False);
            Assert.That(payload.TryGetProperty("group", out _), Is.False);
            Assert.That(payload.TryGetProperty("class", out _), Is.False);
            Assert.That(body.TryGetProperty("links", out _), Is.False);
            Assert.That(body.TryGetProperty("images", out _), Is.False);
            Assert.That(body.TryGetProperty("client_url", out _), Is.False);
        }
    }

    [TestCase(NotificationKind.Resolve, "resolve")]
    [TestCase(NotificationKind.Acknowledge, "acknowledge")]
    public async Task SendAsync_ResolveOrAcknowledge_SendsOnlyRoutingKeyActionAndDedupKey(NotificationKind kind, string action)
    {
        var body = await SentBodyAsync(Notify(kind));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "routing_key", "event_action", "dedup_key" }));
            Assert.That(body.GetProperty("routing_key").GetString(), Is.EqualTo(RoutingKey));
            Assert.That(body.GetProperty("event_action").GetString(), Is.EqualTo(action));
            Assert.That(body.GetProperty("dedup_key").GetString(), Is.EqualTo("job.failed:nightly-import"));
        }
    }

    [Test]
    public async Task SendAsync_TestNotification_SentAsAChangeEventThatNeverPages()
    {
        var body = await SentBodyAsync(Notify(NotificationKind.Test), url: "https://events.pagerduty.com/v2/change/enqueue");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("routing_key").GetString(), Is.EqualTo(RoutingKey));
            Assert.That(body.TryGetProperty("event_action", out _), Is.False);
            Assert.That(body.GetProperty("payload").GetProperty("summary").GetString(), Is.EqualTo("[ERROR] Job nightly-import failed"));
        }
    }

    [Test]
    public async Task SendAsync_IncidentUpdate_SentAsATriggerUnderTheIncidentsDedupKey()
    {
        var body = await SentBodyAsync(Notify(NotificationKind.Update, title: "Identified: disk full on db-1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("event_action").GetString(), Is.EqualTo("trigger"));
            Assert.That(body.GetProperty("dedup_key").GetString(), Is.EqualTo("job.failed:nightly-import"));
            Assert.That(body.GetProperty("payload").GetProperty("summary").GetString(), Is.EqualTo("Identified: disk full on db-1"));
        }
    }

    [TestCase(AlertSeverity.Info, "info")]
    [TestCase(AlertSeverity.Warning, "warning")]
    [TestCase(AlertSeverity.Error, "error")]
    [TestCase(AlertSeverity.Critical, "critical")]
    public async Task SendAsync_DefaultMapping_SeverityByName(AlertSeverity severity, string expected)
    {
        var body = await SentBodyAsync(Notify(severity: severity));

        Assert.That(body.GetProperty("payload").GetProperty("severity").GetString(), Is.EqualTo(expected));
    }

    [Test]
    public async Task SendAsync_ChannelMapping_OverridesTheDefault()
    {
        var body = await SentBodyAsync(Notify(severity: AlertSeverity.Warning), o => o.Severities[AlertSeverity.Warning] = PagerDutySeverity.Critical);

        Assert.That(body.GetProperty("payload").GetProperty("severity").GetString(), Is.EqualTo("critical"));
    }

    [Test]
    public async Task SendAsync_ActionOverridesSeverity_MapsTheOverride()
    {
        var body = await SentBodyAsync(Notify(alertEvent: Some.Event(severity: AlertSeverity.Info), severity: AlertSeverity.Critical));

        Assert.That(body.GetProperty("payload").GetProperty("severity").GetString(), Is.EqualTo("critical"));
    }

    [Test]
    public void Capabilities_DeclareLimitsAndRateAndLeaveRetriesToTheChannel()
    {
        using var mock = new MockHttpMessageHandler();
        var (notifier, rig) = CreateSut(mock);
        using (rig)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(notifier.Capabilities.MaxTitleLength, Is.EqualTo(1024));
                Assert.That(notifier.Capabilities.RetriesInternally, Is.False, "the channel's retry policy retries it");
                Assert.That(notifier.Capabilities.RateLimit, Is.EqualTo(120));
                Assert.That(notifier.Capabilities.RatePeriod, Is.EqualTo(TimeSpan.FromMinutes(1)));
            }
        }
    }

    [Test]
    public async Task SendAsync_PayloadTemplate_BecomesCustomDetails()
    {
        var body = await SentBodyAsync(Notify(payload: """{"runbook":"https://runbooks.example.com/import","rows":42}"""));

        var details = body.GetProperty("payload").GetProperty("custom_details");
        Assert.That(details.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "runbook", "rows" }));
    }

    [Test]
    public async Task SendAsync_HugeCustomDetails_BodyUnder512KbWithDetailsTrimmedFirst()
    {
        var huge = new Dictionary<string, object?> { ["log"] = new string('x', 300_000) + new string('"', 200_000) };
        var body = await SentBodyAsync(Notify(alertEvent: Some.Event(attributes: huge)), o => o.Links.Add(new PagerDutyLinkOptions { Href = "https://example.com" }));

        var size = System.Text.Encoding.UTF8.GetByteCount(body.GetRawText());
        var details = body.GetProperty("payload").GetProperty("custom_details");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(size, Is.LessThanOrEqualTo(512 * 1024));
            Assert.That(details.GetProperty("log").GetString(), Does.StartWith("xxx").And.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(body.GetProperty("links").GetArrayLength(), Is.EqualTo(1), "links are kept while trimming details suffices");
            Assert.That(body.GetProperty("payload").GetProperty("summary").GetString(), Is.EqualTo("[ERROR] Job nightly-import failed"));
        }
    }

    [Test]
    public async Task SendAsync_DedupKeyOver255_SendsItsStableHash()
    {
        var longKey = new string('k', 300);
        var first = await SentBodyAsync(Notify(dedupKey: longKey));
        var again = await SentBodyAsync(Notify(NotificationKind.Resolve, dedupKey: longKey));

        var sent = first.GetProperty("dedup_key").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Has.Length.LessThanOrEqualTo(255).And.StartWith("sha256:"));
            Assert.That(again.GetProperty("dedup_key").GetString(), Is.EqualTo(sent));
        }
    }

    [Test]
    public async Task SendAsync_ChangeEventType_PostsAChangeEventWithoutActionOrSeverity()
    {
        var e = Some.Event(type: AlertEventTypes.JobSucceeded, severity: AlertSeverity.Info);
        var body = await SentBodyAsync(Notify(alertEvent: e), o => o.ChangeEventTypes.Add(AlertEventTypes.JobSucceeded), "https://events.pagerduty.com/v2/change/enqueue");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "routing_key", "payload" }));
            Assert.That(body.GetProperty("payload").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "summary", "source", "timestamp", "custom_details" }));
        }
    }

    [Test]
    public async Task SendAsync_ResolveOfChangeEventType_NothingSent()
    {
        var result = await AnswerAsync(_ => { }, Notify(NotificationKind.Resolve, Some.Event(type: AlertEventTypes.JobSucceeded)), o => o.ChangeEventTypes.Add(AlertEventTypes.JobSucceeded));

        Assert.That(result.IsDelivered, Is.True);
    }

    [Test]
    public async Task SendAsync_EuBaseUrl_PostsThere()
    {
        var body = await SentBodyAsync(Notify(), o => o.BaseUrl = new Uri("https://events.eu.pagerduty.com"), "https://events.eu.pagerduty.com/v2/enqueue");

        Assert.That(body.GetProperty("event_action").GetString(), Is.EqualTo("trigger"));
    }

    [Test]
    public async Task SendAsync_400_PermanentWithPagerDutysErrorsVerbatimAfterOneAttempt()
    {
        var result = await AnswerAsync(mock => mock.Expect(Enqueue).Respond(HttpStatusCode.BadRequest, "application/json",
            """{"status":"invalid event","message":"Event object is invalid","errors":["'payload.summary' is missing or blank"]}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Reason, Is.EqualTo("HTTP 400: Event object is invalid ('payload.summary' is missing or blank)"));
        }
    }

    [Test]
    public async Task SendAsync_ErrorEchoingTheRoutingKey_ReasonNeverHoldsIt()
    {
        var result = await AnswerAsync(mock => mock.Expect(Enqueue).Respond(HttpStatusCode.BadRequest, "application/json",
            $$"""{"status":"invalid event","message":"Unknown routing key {{RoutingKey}}","errors":["{{RoutingKey}}"]}"""));

        Assert.That(result.Reason, Does.Not.Contain(RoutingKey).And.Contain("***"));
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    public async Task SendAsync_TransientThen202_DeliveredAfterRetry(HttpStatusCode status)
    {
        var result = await AnswerAsync(mock =>
        {
            mock.Expect(Enqueue).Respond(status, "application/json", """{"status":"error","message":"try later"}""");
            mock.Expect(Enqueue).Respond(HttpStatusCode.Accepted, "application/json", Accepted);
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_429UntilRetriesRunOut_TransientWithAttempts()
    {
        var result = await AnswerAsync(mock => mock.When(Enqueue).Respond(HttpStatusCode.TooManyRequests));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(4));
            Assert.That(result.Reason, Is.EqualTo("HTTP 429"));
        }
    }

    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.RequestEntityTooLarge)]
    public async Task SendAsync_OtherClientErrors_PermanentAfterOneAttempt(HttpStatusCode status)
    {
        var result = await AnswerAsync(mock => mock.Expect(Enqueue).Respond(status));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }
}
