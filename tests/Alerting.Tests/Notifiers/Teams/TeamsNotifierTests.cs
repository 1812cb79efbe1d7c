using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Teams;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;

namespace Alerting.Tests.Notifiers.Teams;

[TestFixture]
public class TeamsNotifierTests
{
    private const string WebhookUrl = "https://prod-00.westeurope.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers&sv=1.0&sig=s3cr3tS1gnature";

    private static ChannelProbe Probe(Action<TeamsOptions>? configure = null)
    {
        var options = new TeamsOptions { WebhookUrl = new Uri(WebhookUrl), Http = HttpRig.Quick() };
        configure?.Invoke(options);
        return new ChannelProbe(options, (client, clock) => new TeamsNotifier(options, client, clock));
    }

    private static Func<HttpResponseMessage> Accepted => () => ChannelProbe.Answer(HttpStatusCode.Accepted);

    private static async Task<JsonElement> SentAsync(Notification notification, Action<TeamsOptions>? configure = null)
    {
        var probe = Probe(configure);
        var result = await probe.SendAsync(notification, Accepted);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return probe.Requests.Single().Json;
    }

    private static JsonElement Card(JsonElement envelope) => envelope.GetProperty("attachments")[0].GetProperty("content");

    [Test]
    public async Task SendAsync_Trigger_PostsTheMessageEnvelopeWithOneAdaptiveCard14()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("teams"), Accepted);

        var request = probe.Requests.Single();
        var envelope = request.Json;
        var attachment = envelope.GetProperty("attachments").EnumerateArray().Single();
        var card = attachment.GetProperty("content");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(WebhookUrl));
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(envelope.GetProperty("type").GetString(), Is.EqualTo("message"));
            Assert.That(attachment.GetProperty("contentType").GetString(), Is.EqualTo("application/vnd.microsoft.card.adaptive"));
            Assert.That(attachment.GetProperty("contentUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(card.GetProperty("type").GetString(), Is.EqualTo("AdaptiveCard"));
            Assert.That(card.GetProperty("version").GetString(), Is.EqualTo("1.4"));
        }
    }

    [Test]
    public async Task SendAsync_Trigger_CardHasTitleInSeverityColourMessageAndFacts()
    {
        var card = Card(await SentAsync(ChannelProbe.Notification("teams", incidentId: "inc-7"), o => o.Attributes = ["region"]));

        var body = card.GetProperty("body");
        var facts = body[2].GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString())).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body[0].GetProperty("text").GetString(), Is.EqualTo("ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(body[0].GetProperty("color").GetString(), Is.EqualTo("Attention"));
            Assert.That(body[1].GetProperty("text").GetString(), Is.EqualTo("Disk full"));
            Assert.That(body[2].GetProperty("type").GetString(), Is.EqualTo("FactSet"));
            Assert.That(facts, Does.Contain(("Source", "nightly-import")).And.Contain(("Environment", "production")).And.Contain(("region", "eu-west-1")));
            Assert.That(facts, Has.Some.Matches<(string?, string?)>(f => f.Item1 == "Incident" && f.Item2!.StartsWith("inc-7", StringComparison.Ordinal)));
            Assert.That(card.TryGetProperty("actions", out _), Is.False, "no URL, no action");
        }
    }

    [Test]
    public async Task SendAsync_EventWithUrl_AddsAnOpenUrlAction()
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly", AlertSeverity.Warning, "late") { Url = new Uri("https://ci.example.com/runs/42") };

        var card = Card(await SentAsync(ChannelProbe.Notification("teams", alertEvent: e)));

        var action = card.GetProperty("actions").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(action.GetProperty("type").GetString(), Is.EqualTo("Action.OpenUrl"));
            Assert.That(action.GetProperty("url").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo("Warning"));
        }
    }

    [Test]
    public async Task SendAsync_Resolve_IsAGreenResolvedCard()
    {
        var card = Card(await SentAsync(ChannelProbe.Notification("teams", NotificationKind.Resolve, message: "Disk has room again", incidentId: "inc-7")));

        var title = card.GetProperty("body")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(title.GetProperty("text").GetString(), Is.EqualTo("RESOLVED: [ERROR] Job nightly-import failed"));
            Assert.That(title.GetProperty("color").GetString(), Is.EqualTo("Good"));
        }
    }

    [Test]
    public async Task SendAsync_HostileValues_StayValidJsonAndArriveAsTheyAre()
    {
        const string hostile = "\"quotes\" </script> {braces} \\ back\nnew line \u0001";
        var e = Some.Event(source: hostile);

        var card = Card(await SentAsync(ChannelProbe.Notification("teams", alertEvent: e, title: hostile, message: hostile)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.GetProperty("body")[1].GetProperty("text").GetString(), Is.EqualTo(hostile));
            Assert.That(card.GetProperty("body")[2].GetProperty("facts")[0].GetProperty("value").GetString(), Is.EqualTo(hostile));
        }
    }

    [Test]
    public async Task SendAsync_HugeMessage_IsCutVisiblyUnderTheBodyBudget()
    {
        var probe = Probe(o => o.MaxBodyBytes = 5_000);

        var result = await probe.SendAsync(ChannelProbe.Notification("teams", message: new string('x', 50_000)), Accepted);

        var body = probe.Requests.Single().Body;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(System.Text.Encoding.UTF8.GetByteCount(body), Is.LessThanOrEqualTo(5_000));
            Assert.That(Card(probe.Requests.Single().Json).GetProperty("body")[1].GetProperty("text").GetString(), Does.EndWith(NotifierCapabilities.TruncationMarker));
        }
    }

    [Test]
    public async Task SendAsync_CustomCard_IsWrappedInTheEnvelope()
    {
        var envelope = await SentAsync(ChannelProbe.Notification("teams", payload: """{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"custom"}]}"""));

        Assert.That(Card(envelope).GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("custom"));
    }

    [TestCase("""{"text":"hi"}""")]
    [TestCase("{not json")]
    public async Task SendAsync_PayloadThatIsNotACard_FailsPermanentlyWithoutSending(string payload)
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("teams", payload: payload));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain("Adaptive Card"));
            Assert.That(probe.Requests, Is.Empty);
        }
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.Accepted)]
    public async Task SendAsync_Any2xx_IsDelivered(HttpStatusCode status) =>
        Assert.That((await Probe().SendAsync(ChannelProbe.Notification("teams"), () => ChannelProbe.Answer(status))).IsDelivered, Is.True);

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    public async Task SendAsync_ClientError_IsPermanentAndNotRetried(HttpStatusCode status)
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("teams"), () => ChannelProbe.Answer(status, "rejected"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(probe.Requests, Has.Count.EqualTo(1));
        }
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.BadGateway)]
    public async Task SendAsync_ThrottledOrServerError_IsRetried(HttpStatusCode status) =>
        Assert.That((await Probe().SendAsync(ChannelProbe.Notification("teams"), () => ChannelProbe.Answer(status), Accepted)).Attempts, Is.EqualTo(2));

    [Test]
    public async Task SendAsync_MessageCard_PostsALegacyCardOptedInto()
    {
        var probe = Probe(o => o.Format = TeamsFormat.MessageCard);

        var result = await probe.SendAsync(ChannelProbe.Notification("teams"), () => ChannelProbe.Answer(HttpStatusCode.OK, "1"));

        var card = probe.Requests.Single().Json;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(card.GetProperty("@type").GetString(), Is.EqualTo("MessageCard"));
            Assert.That(card.GetProperty("themeColor").GetString(), Is.EqualTo("D70000"));
            Assert.That(card.GetProperty("sections")[0].GetProperty("facts")[0].GetProperty("name").GetString(), Is.EqualTo("Source"));
        }
    }

    [Test]
    public async Task SendAsync_MessageCardThrottledIn200Body_IsRetried()
    {
        var probe = Probe(o => o.Format = TeamsFormat.MessageCard);

        var result = await probe.SendAsync(
            ChannelProbe.Notification("teams"),
            () => ChannelProbe.Answer(HttpStatusCode.OK, "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0"),
            () => ChannelProbe.Answer(HttpStatusCode.OK, "1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_ProviderEchoesTheUrl_ReasonAndLogsNeverCarryTheSignature()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("teams"), () => ChannelProbe.Answer(HttpStatusCode.Unauthorized, "bad sig for " + WebhookUrl));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.Not.Contain("s3cr3t"));
            Assert.That(probe.Logged, Does.Not.Contain("s3cr3t").And.Not.Contain("/workflows/"));
        }
    }
}
