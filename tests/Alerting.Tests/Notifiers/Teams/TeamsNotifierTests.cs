using System.Net;
using System.Text;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Teams;
using Alerting.Templates;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;

namespace Alerting.Tests.Notifiers.Teams;

/// <summary>The Teams notifier through its real HTTP pipeline: the envelope, the card and its rendering.</summary>
[TestFixture]
public partial class TeamsNotifierTests
{
    private const string Signature = "s3cr3tS1gnatureXYZ";
    private const string WebhookUrl = "https://prod-00.westeurope.logic.azure.com/workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature;
    private const string Hostile = "a & b <b>bold</b> [click](https://evil.example) \"quoted\" </script> {braces} {{x}}\r\nline2\u0001\u001bctl";

    private static ChannelProbe CreateSut(Action<TeamsOptions>? configure = null)
    {
        var options = new TeamsOptions { WebhookUrl = new Uri(WebhookUrl), Http = HttpRig.Quick() };
        configure?.Invoke(options);
        return new ChannelProbe(options, options.WebhookUrl!.AbsoluteUri, (client, clock, logs) => new TeamsNotifier(options, client, clock, logs));
    }

    private static Func<HttpResponseMessage> Accepted => () => ChannelProbe.Answer(HttpStatusCode.Accepted);

    private static Notification Notify(
        NotificationKind kind = NotificationKind.Trigger,
        AlertEvent? alertEvent = null,
        string title = "[ERROR] Job nightly-import failed",
        string message = "Disk full",
        string? payload = null,
        string? incidentId = null) =>
        ChannelProbe.Notification("ops-teams", kind, alertEvent, title, message, payload, incidentId: incidentId);

    private static async Task<JsonElement> SentAsync(Notification notification, Action<TeamsOptions>? configure = null)
    {
        var probe = CreateSut(configure);
        var result = await probe.SendAsync(notification, Accepted);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return probe.Requests.Single().Json;
    }

    private static JsonElement Card(JsonElement envelope) => envelope.GetProperty("attachments")[0].GetProperty("content");

    private static List<(string?, string?)> Facts(JsonElement card) =>
        [.. card.GetProperty("body").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "FactSet")
            .GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString()))];

    [Test]
    public async Task SendAsync_Trigger_PostsTheMessageEnvelopeWithOneAdaptiveCard14()
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), Accepted);

        var request = probe.Requests.Single();
        var envelope = request.Json;
        var attachment = envelope.GetProperty("attachments").EnumerateArray().Single();
        var card = attachment.GetProperty("content");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(WebhookUrl));
            Assert.That(request.Authorization, Is.Null);
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(envelope.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "type", "attachments" }));
            Assert.That(envelope.GetProperty("type").GetString(), Is.EqualTo("message"));
            Assert.That(attachment.GetProperty("contentType").GetString(), Is.EqualTo("application/vnd.microsoft.card.adaptive"));
            Assert.That(attachment.GetProperty("contentUrl").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(card.GetProperty("$schema").GetString(), Is.EqualTo("http://adaptivecards.io/schemas/adaptive-card.json"));
            Assert.That(card.GetProperty("type").GetString(), Is.EqualTo("AdaptiveCard"));
            Assert.That(card.GetProperty("version").GetString(), Is.EqualTo("1.4"));
        }
    }

    [Test]
    public async Task SendAsync_Trigger_CardHasTitleInSeverityColourMessageAndEventFacts()
    {
        var card = Card(await SentAsync(Notify(incidentId: "inc-7"), o => o.Attributes = ["region", "rows", "missing"]));

        var body = card.GetProperty("body");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.EnumerateArray().Select(b => b.GetProperty("type").GetString()), Is.EqualTo(new[] { "TextBlock", "TextBlock", "FactSet" }));
            Assert.That(body[0].GetProperty("text").GetString(), Is.EqualTo("ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(body[0].GetProperty("color").GetString(), Is.EqualTo("Attention"));
            Assert.That(body[0].GetProperty("weight").GetString(), Is.EqualTo("Bolder"));
            Assert.That(body[1].GetProperty("text").GetString(), Is.EqualTo("Disk full"));
            Assert.That(body[1].GetProperty("wrap").GetBoolean(), Is.True);
            Assert.That(Facts(card), Is.EqualTo(new (string?, string?)[]
            {
                ("Source", "nightly-import"), ("Type", "job.failed"), ("Environment", "production"), ("Time", "2026-11-22 09:12:00 UTC"),
                ("region", "eu-west-1"), ("rows", "42"), ("Incident", "inc-7 (key job.failed:nightly-import)"),
            }));
            Assert.That(card.TryGetProperty("actions", out _), Is.False, "no URL, no action");
        }
    }

    [TestCase(AlertSeverity.Info, "Accent")]
    [TestCase(AlertSeverity.Warning, "Warning")]
    [TestCase(AlertSeverity.Error, "Attention")]
    [TestCase(AlertSeverity.Critical, "Attention")]
    public async Task SendAsync_Severity_ColoursTheTitle(AlertSeverity severity, string colour)
    {
        var card = Card(await SentAsync(Notify(alertEvent: Some.Event(severity: severity), title: "t")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo(colour));
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo($"{severity.ToString().ToUpperInvariant()}: t"));
        }
    }

    [Test]
    public async Task SendAsync_EventWithUrl_AddsAnOpenUrlAction()
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly", AlertSeverity.Warning, "late") { Url = new Uri("https://ci.example.com/runs/42") };

        var card = Card(await SentAsync(Notify(alertEvent: e), o => o.LinkText = "Open run"));

        var action = card.GetProperty("actions").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(action.GetProperty("type").GetString(), Is.EqualTo("Action.OpenUrl"));
            Assert.That(action.GetProperty("title").GetString(), Is.EqualTo("Open run"));
            Assert.That(action.GetProperty("url").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
        }
    }

    [Test]
    public async Task SendAsync_Resolve_IsAShortGreenCardReferencingTheIncident()
    {
        var card = Card(await SentAsync(Notify(NotificationKind.Resolve, message: "Disk has room again", incidentId: "inc-7"), o => o.Attributes = ["region"]));

        var title = card.GetProperty("body")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(title.GetProperty("text").GetString(), Is.EqualTo("RESOLVED: [ERROR] Job nightly-import failed"));
            Assert.That(title.GetProperty("color").GetString(), Is.EqualTo("Good"));
            Assert.That(card.GetProperty("body")[1].GetProperty("text").GetString(), Is.EqualTo("Disk has room again"));
            Assert.That(Facts(card), Is.EqualTo(new (string?, string?)[]
            {
                ("Incident", "inc-7 (key job.failed:nightly-import)"), ("Source", "nightly-import"), ("Resolved", "2026-11-22 09:12:00 UTC"), ("Rule", "failures"),
            }));
        }
    }

    [Test]
    public async Task SendAsync_ResolveWithoutIncident_ReferencesTheDedupKey() =>
        Assert.That(Facts(Card(await SentAsync(Notify(NotificationKind.Resolve))))[0], Is.EqualTo(("Key", "job.failed:nightly-import")));

    [TestCase(NotificationKind.Acknowledge, "ACKNOWLEDGED")]
    [TestCase(NotificationKind.Update, "UPDATE")]
    public async Task SendAsync_AcknowledgeOrUpdate_IsAShortAccentCard(NotificationKind kind, string label)
    {
        var card = Card(await SentAsync(Notify(kind, title: "t", incidentId: "inc-7")));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo(label + ": t"));
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo("Accent"));
            Assert.That(Facts(card).Select(f => f.Item1), Is.EqualTo(new[] { "Incident", "Source", "Time", "Rule" }));
        }
    }

    [Test]
    public async Task SendAsync_HostileValues_StayValidJsonAndArriveAsTypedMinusControlCharacters()
    {
        var e = Some.Event(source: Hostile, attributes: new Dictionary<string, object?> { ["note"] = Hostile });
        var probe = CreateSut(o => o.Attributes = ["note"]);

        var result = await probe.SendAsync(Notify(alertEvent: e, title: Hostile, message: Hostile), Accepted);

        const string clean = "a & b <b>bold</b> [click](https://evil.example) \"quoted\" </script> {braces} {{x}}";
        var card = Card(probe.Requests.Single().Json);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(probe.Requests.Single().Body, Does.Not.Contain("</script>"), "the JSON writer escapes < and >");
            Assert.That(probe.Requests.Single().Body.IndexOfAny(['\u0001', '\u001b']), Is.EqualTo(-1), "control characters travel as JSON escapes");
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("ERROR: " + clean + " line2ctl"));
            Assert.That(card.GetProperty("body")[1].GetProperty("text").GetString(), Is.EqualTo(Hostile), "the message comes rendered by the dispatcher");
            Assert.That(Facts(card)[0], Is.EqualTo(("Source", clean + "\nline2ctl")));
            Assert.That(Facts(card), Does.Contain(("note", clean + "\nline2ctl")));
        }
    }

    [Test]
    public async Task SendAsync_CustomCard_IsWrappedInTheEnvelope()
    {
        var envelope = await SentAsync(Notify(payload: """{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"custom"}]}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(envelope.GetProperty("type").GetString(), Is.EqualTo("message"));
            Assert.That(Card(envelope).GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("custom"));
        }
    }

    [Test]
    public async Task SendAsync_CustomCardFromAJsonTemplateWithHostileValues_StaysValid()
    {
        var template = JsonTemplate.Parse("""{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"{source} failed","wrap":true}]}""");
        var e = Some.Event(source: "\"}]}{\"x\":\"" + Hostile);

        var card = Card(await SentAsync(Notify(alertEvent: e, payload: template.Render(e))));

        Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Does.StartWith("\"}]}{\"x\":\"a & b").And.EndWith(" failed"));
    }

    [Test]
    public async Task SendAsync_CustomEnvelope_IsSentAsIs()
    {
        const string envelope = """{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","content":{"type":"AdaptiveCard","version":"1.2","body":[{"type":"TextBlock","text":"mine"}]}}]}""";

        var sent = await SentAsync(Notify(payload: envelope));

        Assert.That(sent.GetRawText(), Is.EqualTo(envelope));
    }

    [TestCase("""{"text":"hi"}""")]
    [TestCase("""{"type":"message"}""")]
    [TestCase("""{"@type":"MessageCard","summary":"s"}""")]
    [TestCase("[]")]
    [TestCase("{not json")]
    public async Task SendAsync_PayloadThatIsNotAnAdaptiveCard_FailsPermanentlyWithoutSendingAndWarns(string payload)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(payload: payload));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain("Adaptive Card"));
            Assert.That(probe.Requests, Is.Empty);
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1651));
        }
    }

    [Test]
    public async Task SendAsync_HugeMessage_IsCutVisiblyUnderTheBodyBudgetAndLogged()
    {
        var probe = CreateSut(o => o.MaxBodyBytes = 5_000);

        var result = await probe.SendAsync(Notify(message: new string('x', 50_000)), Accepted);

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(Encoding.UTF8.GetByteCount(request.Body), Is.LessThanOrEqualTo(5_000).And.GreaterThan(4_900));
            Assert.That(Card(request.Json).GetProperty("body")[1].GetProperty("text").GetString(), Does.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(probe.NotifierLogs.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1650));
        }
    }

    [Test]
    public async Task SendAsync_DefaultBudget_KeepsTheBodyUnder20000BytesWhateverTheEventHolds()
    {
        var attributes = Enumerable.Range(0, 20).ToDictionary(i => $"a{i}", i => (object?)new string('€', 3000));
        var probe = CreateSut(o => o.Attributes = [.. attributes.Keys]);

        await probe.SendAsync(Notify(alertEvent: Some.Event(attributes: attributes), title: new string('t', 30_000), message: new string('m', 30_000)), Accepted);

        Assert.That(Encoding.UTF8.GetByteCount(probe.Requests.Single().Body), Is.LessThanOrEqualTo(20_000));
    }

    [Test]
    public async Task SendAsync_NonAsciiText_IsSentAsUtf8NotEscapes()
    {
        var probe = CreateSut();

        await probe.SendAsync(Notify(message: "Festplatte voll: Größe überschritten"), Accepted);

        Assert.That(probe.Requests.Single().Body, Does.Contain("Größe überschritten"));
    }

    [Test]
    public void Capabilities_DeclareTeamsRateAndNoEscaping()
    {
        var capabilities = new TeamsNotifier(new TeamsOptions { WebhookUrl = new Uri(WebhookUrl) }, new HttpClient()).Capabilities;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(capabilities.RateLimit, Is.EqualTo(4));
            Assert.That(capabilities.RatePeriod, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(capabilities.MessageEscaping, Is.EqualTo(TemplateEscaping.None));
            Assert.That(capabilities.PayloadValueEscaping, Is.EqualTo(TemplateEscaping.None));
            Assert.That(capabilities.RetriesInternally, Is.False, "the channel's retry policy retries it");
        }
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsWithoutTheSignature()
    {
        var thrown = Assert.Throws<ArgumentException>(() => _ = new TeamsNotifier(new TeamsOptions { WebhookUrl = new Uri(WebhookUrl.Replace("https", "http", StringComparison.Ordinal)) }, new HttpClient()));

        Assert.That(thrown!.Message, Does.Contain("WebhookUrl must use https").And.Not.Contain(Signature));
    }

    [Test]
    public void ToString_NeverShowsTheUrl() =>
        Assert.That(new TeamsOptions { WebhookUrl = new Uri(WebhookUrl) }.ToString(), Is.EqualTo("Teams AdaptiveCard (URL not shown)"));
}
