using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Slack;
using Alerting.Templates;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>The Slack notifier through its real HTTP pipeline: the request, the message and its rendering.</summary>
[TestFixture]
public partial class SlackNotifierTests
{
    private const string WebhookUrl = "https://hooks.slack.com/services/T000/B000/s3cr3tW3bh00kT0k3n";
    private const string WebhookToken = "s3cr3tW3bh00kT0k3n";
    private const string PostMessageUrl = "https://slack.com/api/chat.postMessage";
    private const string BotToken = "xoxb-1111-2222-s3cr3tb0tt0k3n";
    private const string ChannelId = "C0123456789";
    private const string Hostile = "a & b <!channel> <https://evil.example|click> \"quoted\" 'single' </script> {braces} {{x}}\r\nline2\u0001\u001bctl\u007f";

    private static ChannelProbe CreateSut(Action<SlackOptions>? configure = null, string? expectedUrl = null)
    {
        var options = new SlackOptions { WebhookUrl = new Uri(WebhookUrl), Http = HttpRig.Quick() };
        configure?.Invoke(options);
        var url = expectedUrl ?? (options.BotToken is null ? options.WebhookUrl!.AbsoluteUri : PostMessageUrl);
        return new ChannelProbe(options, url, (client, clock, logs) => new SlackNotifier(options, client, clock, logs));
    }

    private static void Bot(SlackOptions o)
    {
        o.WebhookUrl = null;
        o.BotToken = BotToken;
        o.ChannelId = ChannelId;
    }

    private static Func<HttpResponseMessage> Ok => () => ChannelProbe.Answer(HttpStatusCode.OK, "ok");

    private static Func<HttpResponseMessage> BotAnswer(string json) => () => ChannelProbe.Answer(HttpStatusCode.OK, json, "application/json");

    private static Notification Notify(
        NotificationKind kind = NotificationKind.Trigger,
        AlertEvent? alertEvent = null,
        string title = "[ERROR] Job nightly-import failed",
        string message = "Disk full",
        string? payload = null,
        string? incidentId = null) =>
        ChannelProbe.Notification("ops-slack", kind, alertEvent, title, message, payload, incidentId: incidentId);

    private static async Task<JsonElement> SentAsync(Notification notification, Action<SlackOptions>? configure = null)
    {
        var probe = CreateSut(configure);
        var result = await probe.SendAsync(notification, Ok);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return probe.Requests.Single().Json;
    }

    private static List<string> Types(JsonElement message) =>
        [.. message.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("type").GetString()!)];

    private static IEnumerable<JsonElement> Blocks(JsonElement message, string type) =>
        message.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type);

    private static string HeaderText(JsonElement message) => Blocks(message, "header").Single().GetProperty("text").GetProperty("text").GetString()!;

    private static string ContextText(JsonElement message) => Blocks(message, "context").Last().GetProperty("elements")[0].GetProperty("text").GetString()!;

    private static List<string> FieldTexts(JsonElement message) =>
        [.. Blocks(message, "section").Single(b => b.TryGetProperty("fields", out _)).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()!)];

    /// <summary>Every <c>text</c> string in the element, at any depth.</summary>
    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "text" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    [Test]
    public async Task SendAsync_Webhook_PostsUtf8JsonToTheWebhookUrlWithoutAuthorizationAndOkIsDelivered()
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), Ok);

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(WebhookUrl));
            Assert.That(request.Authorization, Is.Null);
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(request.Json.TryGetProperty("channel", out _), Is.False, "a webhook's channel is fixed by the app");
        }
    }

    [Test]
    public async Task SendAsync_Trigger_SendsHeaderMessageFieldsAndContextWithThePlainFallback()
    {
        var e = Some.Event(environment: "production", attributes: new Dictionary<string, object?> { ["region"] = "eu-west-1", ["rows"] = 42 });

        var message = await SentAsync(Notify(alertEvent: e, incidentId: "inc-7"), o => o.Attributes = ["region", "rows", "missing"]);

        var header = Blocks(message, "header").Single().GetProperty("text");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "section", "context" }));
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(header.GetProperty("type").GetString(), Is.EqualTo("plain_text"));
            Assert.That(header.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(message.GetProperty("blocks")[1].GetProperty("text").GetProperty("type").GetString(), Is.EqualTo("mrkdwn"));
            Assert.That(message.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Disk full"));
            Assert.That(FieldTexts(message), Is.EqualTo(new[]
            {
                "*Source*\nnightly-import", "*Type*\njob.failed", "*Environment*\nproduction", "*Time*\n2026-11-22 09:12:00 UTC", "*region*\neu-west-1", "*rows*\n42",
            }));
            Assert.That(ContextText(message), Is.EqualTo($"Incident `inc-7` (key `job.failed:nightly-import`) · rule *failures* · event `{e.Id}`"));
        }
    }

    [Test]
    public async Task SendAsync_EventWithUrl_AddsALinkButtonBeforeTheContext()
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full") { Url = new Uri("https://ci.example.com/runs/42") };

        var message = await SentAsync(Notify(alertEvent: e), o => o.LinkText = "Open run");

        var button = Blocks(message, "actions").Single().GetProperty("elements").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "section", "actions", "context" }));
            Assert.That(button.GetProperty("type").GetString(), Is.EqualTo("button"));
            Assert.That(button.GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Open run"));
            Assert.That(button.GetProperty("url").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
        }
    }

    [Test]
    public async Task SendAsync_EventWithoutUrl_HasNoButton() =>
        Assert.That(Types(await SentAsync(Notify())), Does.Not.Contain("actions"));

    [TestCase(AlertSeverity.Info, ":information_source: INFO")]
    [TestCase(AlertSeverity.Warning, ":warning: WARNING")]
    [TestCase(AlertSeverity.Error, ":x: ERROR")]
    [TestCase(AlertSeverity.Critical, ":rotating_light: CRITICAL")]
    public async Task SendAsync_Severity_StartsTheHeaderWithItsEmojiAndName(AlertSeverity severity, string prefix)
    {
        var message = await SentAsync(Notify(alertEvent: Some.Event(severity: severity), title: "t"));

        Assert.That(HeaderText(message), Is.EqualTo(prefix + ": t"));
    }

    [Test]
    public async Task SendAsync_SeverityLeftOutOfTheEmojiMap_UsesTheBell()
    {
        var message = await SentAsync(Notify(title: "t"), o => o.SeverityEmoji = new() { [AlertSeverity.Info] = ":ok:" });

        Assert.That(HeaderText(message), Is.EqualTo(":bell: ERROR: t"));
    }

    [Test]
    public async Task SendAsync_Resolve_IsShortAndNamesTheIncidentKeyAndResolveTime()
    {
        var message = await SentAsync(Notify(NotificationKind.Resolve, message: "Disk has room again", incidentId: "inc-7"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "context" }), "no fields on a resolve");
            Assert.That(HeaderText(message), Is.EqualTo(":white_check_mark: RESOLVED: [ERROR] Job nightly-import failed"));
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(":white_check_mark: RESOLVED: [ERROR] Job nightly-import failed"));
            Assert.That(ContextText(message), Is.EqualTo("Resolves incident `inc-7` (key `job.failed:nightly-import`), resolved 2026-11-22 09:12:00 UTC · rule *failures*"));
        }
    }

    [Test]
    public async Task SendAsync_ResolveWithoutIncident_ReferencesTheDedupKey()
    {
        var message = await SentAsync(Notify(NotificationKind.Resolve));

        Assert.That(ContextText(message), Does.StartWith("Resolves key `job.failed:nightly-import`"));
    }

    [TestCase(NotificationKind.Acknowledge, ":eyes: ACKNOWLEDGED", "Acknowledges incident `inc-7`")]
    [TestCase(NotificationKind.Update, ":memo: UPDATE", "Updates incident `inc-7`")]
    public async Task SendAsync_AcknowledgeOrUpdate_IsShortAndReferencesTheIncident(NotificationKind kind, string prefix, string context)
    {
        var message = await SentAsync(Notify(kind, title: "t", message: "[Investigating] on it (alice)", incidentId: "inc-7"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "context" }));
            Assert.That(HeaderText(message), Is.EqualTo(prefix + ": t"));
            Assert.That(ContextText(message), Does.StartWith(context));
        }
    }

    [Test]
    public async Task SendAsync_Test_LooksLikeAnAlertUnderATestHeader()
    {
        var message = await SentAsync(Notify(NotificationKind.Test, title: "t"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HeaderText(message), Is.EqualTo(":test_tube: TEST: t"));
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "section", "context" }));
        }
    }

    [Test]
    public async Task SendAsync_EmptyMessage_LeavesTheSectionOutRatherThanSendingEmptyText()
    {
        var message = await SentAsync(Notify(message: "  "));

        Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "context" }));
    }

    [Test]
    public async Task SendAsync_HostileValues_AreMrkdwnEscapedControlCharactersDroppedAndTheJsonStaysValid()
    {
        var e = Some.Event(source: Hostile, environment: Hostile, attributes: new Dictionary<string, object?> { ["note"] = Hostile }, dedupKey: Hostile);
        var probe = CreateSut(o => o.Attributes = ["note"]);

        var result = await probe.SendAsync(Notify(alertEvent: e, title: Hostile, incidentId: Hostile), Ok);

        var body = probe.Requests.Single().Body;
        var message = probe.Requests.Single().Json;
        var mrkdwn = Texts(message.GetProperty("blocks")).Where(t => !t.StartsWith(":x:", StringComparison.Ordinal)).Append(message.GetProperty("text").GetString()!).ToList();
        const string escaped = "a &amp; b &lt;!channel&gt; &lt;https://evil.example|click&gt; \"quoted\" 'single' &lt;/script&gt; {braces} {{x}}";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(body, Does.Not.Contain("</script>"), "the JSON writer escapes < and >, so the body is safe to embed too");
            Assert.That(mrkdwn, Has.All.Not.Contain("<!channel>").And.All.Not.Contain("<https://"));
            Assert.That(mrkdwn.Where(t => t.IndexOfAny(['\u0001', '\u001b', '\u007f', '\r']) >= 0), Is.Empty, "control characters are dropped");
            Assert.That(FieldTexts(message), Does.Contain("*Source*\n" + escaped + "\nline2ctl"));
            Assert.That(FieldTexts(message), Does.Contain("*note*\n" + escaped + "\nline2ctl"));
            Assert.That(ContextText(message), Does.Contain("Incident `" + escaped));
            Assert.That(message.GetProperty("text").GetString(), Does.Contain(escaped).And.Not.Contain("\n"));
            Assert.That(HeaderText(message), Does.Contain("<!channel>").And.Not.Contain("\n"), "the header is plain_text: shown as typed, never a mention");
        }
    }

    [Test]
    public async Task SendAsync_CustomBlocksFromAJsonTemplateWithHostileValues_StayValidAndEscaped()
    {
        var template = JsonTemplate.Parse("""[{"type":"section","text":{"type":"mrkdwn","text":"*{source}* in `{attributes.region}`"}}]""");
        var e = Some.Event(source: Hostile, attributes: new Dictionary<string, object?> { ["region"] = "}\"]}<@U123>" });
        var payload = template.Render(e, TemplateEscaping.SlackMrkdwn);

        var message = await SentAsync(Notify(alertEvent: e, payload: payload));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "section" }));
            Assert.That(message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Does.StartWith("*a &amp; b &lt;!channel&gt;").And.EndWith("* in `}\"]}&lt;@U123&gt;`"));
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"), "the fallback is always sent");
        }
    }

    [Test]
    public async Task SendAsync_CustomMessageObject_IsSentAsIsWithTheFallbackAdded()
    {
        var message = await SentAsync(Notify(payload: """{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"custom"}}],"unfurl_links":false}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("custom"));
            Assert.That(message.GetProperty("unfurl_links").GetBoolean(), Is.False);
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
        }
    }

    [Test]
    public async Task SendAsync_CustomMessageWithItsOwnText_KeepsIt() =>
        Assert.That((await SentAsync(Notify(payload: """{"text":"mine"}"""))).GetProperty("text").GetString(), Is.EqualTo("mine"));

    [Test]
    public async Task SendAsync_CustomEmptyBlockList_SendsTheFallbackTextAlone()
    {
        var message = await SentAsync(Notify(payload: "[]"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.TryGetProperty("blocks", out _), Is.False);
            Assert.That(message.GetProperty("text").GetString(), Is.Not.Empty);
        }
    }

    [TestCase("\"just text\"")]
    [TestCase("42")]
    [TestCase("not json at all")]
    public async Task SendAsync_PayloadThatIsNeitherBlocksNorAMessage_FailsPermanentlyWithoutSendingAndWarns(string payload)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(payload: payload));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo("The payload template must render a JSON array of blocks or a message object."));
            Assert.That(probe.Requests, Is.Empty);
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1601));
            Assert.That(probe.NotifierLogs.LatestRecord.Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
        }
    }

    [Test]
    public void Capabilities_DeclareSlacksRateLimitsAndEscaping()
    {
        var capabilities = new SlackNotifier(new SlackOptions { WebhookUrl = new Uri(WebhookUrl) }, new HttpClient()).Capabilities;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(capabilities.RateLimit, Is.EqualTo(1));
            Assert.That(capabilities.RatePeriod, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(capabilities.MaxTitleLength, Is.EqualTo(150));
            Assert.That(capabilities.MaxMessageLength, Is.EqualTo(3000));
            Assert.That(capabilities.MessageEscaping, Is.EqualTo(TemplateEscaping.SlackMrkdwn));
            Assert.That(capabilities.PayloadValueEscaping, Is.EqualTo(TemplateEscaping.SlackMrkdwn));
            Assert.That(capabilities.TitleEscaping, Is.EqualTo(TemplateEscaping.None), "the header is plain_text");
            Assert.That(capabilities.RetriesInternally, Is.False, "the channel's retry policy retries it");
        }
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblemWithoutTheSecret()
    {
        var options = new SlackOptions { WebhookUrl = new Uri("http://hooks.slack.com/services/T0/B0/" + WebhookToken), MaxBlocksLength = 5 };

        var thrown = Assert.Throws<ArgumentException>(() => _ = new SlackNotifier(options, new HttpClient()));

        Assert.That(thrown!.Message, Does.Contain("WebhookUrl must use https").And.Contain("MaxBlocksLength").And.Not.Contain(WebhookToken));
    }

    [Test]
    public void ToString_NeverShowsTheUrlOrToken()
    {
        var webhook = new SlackOptions { WebhookUrl = new Uri(WebhookUrl) }.ToString();
        var bot = new SlackOptions { BotToken = BotToken, ChannelId = ChannelId }.ToString();

        Assert.That(webhook + bot, Does.Not.Contain("s3cr3t").And.Contain(ChannelId));
    }
}
