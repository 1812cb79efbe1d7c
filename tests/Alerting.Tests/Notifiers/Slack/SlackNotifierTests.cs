using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alerting.Notifiers;
using Alerting.Notifiers.Slack;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;

namespace Alerting.Tests.Notifiers.Slack;

[TestFixture]
public class SlackNotifierTests
{
    private const string WebhookUrl = "https://hooks.slack.com/services/T000/B000/s3cr3tW3bh00kT0k3n";
    private const string BotToken = "xoxb-1111-2222-s3cr3tb0tt0k3n";
    private const string Hostile = "a & b <!channel> <https://evil.example|click> \"quoted\" </script> {braces}\n\u0001ctl";

    private static ChannelProbe Probe(Action<SlackOptions>? configure = null)
    {
        var options = new SlackOptions { WebhookUrl = new Uri(WebhookUrl), Http = HttpRig.Quick() };
        configure?.Invoke(options);
        return new ChannelProbe(options, (client, clock) => new SlackNotifier(options, client, clock));
    }

    private static void Bot(SlackOptions o)
    {
        o.WebhookUrl = null;
        o.BotToken = BotToken;
        o.ChannelId = "C0123456789";
    }

    private static Func<HttpResponseMessage> Ok => () => ChannelProbe.Answer(HttpStatusCode.OK, "ok");

    private static Func<HttpResponseMessage> BotAnswer(string json) => () => ChannelProbe.Answer(HttpStatusCode.OK, json, "application/json");

    private static async Task<JsonElement> SentAsync(Notification notification, Action<SlackOptions>? configure = null)
    {
        var probe = Probe(configure);
        var result = await probe.SendAsync(notification, Ok);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return probe.Requests.Single().Json;
    }

    private static IEnumerable<JsonElement> Blocks(JsonElement message, string type) =>
        message.GetProperty("blocks").EnumerateArray().Where(b => b.GetProperty("type").GetString() == type);

    [Test]
    public async Task SendAsync_Webhook_PostsJsonToTheWebhookUrlWithoutAuthorization()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), Ok);

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(WebhookUrl));
            Assert.That(request.Authorization, Is.Null);
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
        }
    }

    [Test]
    public async Task SendAsync_Trigger_BuildsHeaderMessageFieldsContextAndFallback()
    {
        var e = Some.Event(environment: "production", attributes: new Dictionary<string, object?> { ["region"] = "eu-west-1" });
        var message = await SentAsync(ChannelProbe.Notification("slack", alertEvent: e, incidentId: "inc-7"), o => o.Attributes = ["region", "missing"]);

        var header = Blocks(message, "header").Single().GetProperty("text");
        var fields = Blocks(message, "section").Single(b => b.TryGetProperty("fields", out _)).GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        var context = Blocks(message, "context").Single().GetProperty("elements")[0].GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(header.GetProperty("type").GetString(), Is.EqualTo("plain_text"));
            Assert.That(header.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(Blocks(message, "section").First().GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Disk full"));
            Assert.That(fields, Is.EqualTo(new[] { "*Source*\nnightly-import", "*Type*\njob.failed", "*Environment*\nproduction", "*Time*\n2026-11-22 09:12:00 UTC", "*region*\neu-west-1" }));
            Assert.That(context, Does.Contain("Rule *failures*").And.Contain("Incident `inc-7`"));
            Assert.That(Blocks(message, "actions"), Is.Empty, "no URL, no button");
        }
    }

    [Test]
    public async Task SendAsync_EventWithUrl_AddsALinkButton()
    {
        var e = Some.Event();
        e = new AlertEvent(e.Type, e.Source, e.Severity, e.Message) { Url = new Uri("https://ci.example.com/runs/42") };

        var message = await SentAsync(ChannelProbe.Notification("slack", alertEvent: e), o => o.LinkText = "Open run");

        var button = Blocks(message, "actions").Single().GetProperty("elements")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(button.GetProperty("type").GetString(), Is.EqualTo("button"));
            Assert.That(button.GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Open run"));
            Assert.That(button.GetProperty("url").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
        }
    }

    [TestCase(AlertSeverity.Info, ":information_source: INFO")]
    [TestCase(AlertSeverity.Warning, ":warning: WARNING")]
    [TestCase(AlertSeverity.Critical, ":rotating_light: CRITICAL")]
    public async Task SendAsync_Severity_StartsTheHeaderWithItsEmoji(AlertSeverity severity, string prefix)
    {
        var message = await SentAsync(ChannelProbe.Notification("slack", alertEvent: Some.Event(severity: severity), title: "t"));

        Assert.That(Blocks(message, "header").Single().GetProperty("text").GetProperty("text").GetString(), Is.EqualTo(prefix + ": t"));
    }

    [Test]
    public async Task SendAsync_Resolve_IsAShortResolvedMessageReferencingTheIncident()
    {
        var message = await SentAsync(ChannelProbe.Notification("slack", NotificationKind.Resolve, message: "Disk has room again", incidentId: "inc-7"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.GetProperty("text").GetString(), Does.StartWith(":white_check_mark: RESOLVED: [ERROR] Job nightly-import failed"));
            Assert.That(message.GetProperty("blocks").GetArrayLength(), Is.EqualTo(3), "header, message, context");
            Assert.That(Blocks(message, "context").Single().GetProperty("elements")[0].GetProperty("text").GetString(), Does.Contain("Incident `inc-7`"));
        }
    }

    [Test]
    public async Task SendAsync_HostileValues_AreMrkdwnEscapedAndTheJsonStaysValid()
    {
        var e = Some.Event(source: Hostile, environment: Hostile, attributes: new Dictionary<string, object?> { ["note"] = Hostile });

        var message = await SentAsync(ChannelProbe.Notification("slack", alertEvent: e, title: Hostile), o => o.Attributes = ["note"]);

        var texts = message.GetProperty("blocks").EnumerateArray().SelectMany(b => Texts(b)).Append(message.GetProperty("text").GetString()!).ToList();
        using (Assert.EnterMultipleScope())
        {
            foreach (var text in texts.Where(t => !t.StartsWith(":x: ERROR", StringComparison.Ordinal)))
            {
                Assert.That(text, Does.Not.Contain("<!channel>").And.Not.Contain("<https://"), text);
            }

            Assert.That(message.GetProperty("text").GetString(), Does.Contain("&lt;!channel&gt;").And.Contain("a &amp; b"));
            Assert.That(texts, Has.Some.Contains("*note*\na &amp; b &lt;!channel&gt;"));
        }
    }

    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "text" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    [Test]
    public async Task SendAsync_LongTexts_AreCutVisiblyToEveryBlockLimit()
    {
        var longText = new string('x', 5000);
        var attributes = Enumerable.Range(0, 12).ToDictionary(i => $"a{i}", i => (object?)new string('y', 2500));
        var e = Some.Event(attributes: attributes);

        var message = await SentAsync(
            ChannelProbe.Notification("slack", alertEvent: e, title: longText, message: longText),
            o => o.Attributes = [.. attributes.Keys]);

        var header = Blocks(message, "header").Single().GetProperty("text").GetProperty("text").GetString()!;
        var section = Blocks(message, "section").First().GetProperty("text").GetProperty("text").GetString()!;
        var fields = Blocks(message, "section").Single(b => b.TryGetProperty("fields", out _)).GetProperty("fields");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(header, Has.Length.EqualTo(150).And.EndsWith(NotifierCapabilities.TruncationMarker));
            Assert.That(section.Length, Is.LessThanOrEqualTo(3000));
            Assert.That(section, Does.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(fields.GetArrayLength(), Is.EqualTo(10));
            Assert.That(fields.EnumerateArray().Select(f => f.GetProperty("text").GetString()!.Length), Has.All.LessThanOrEqualTo(2000));
            Assert.That(Texts(message.GetProperty("blocks")).Sum(t => t.Length), Is.LessThanOrEqualTo(12_000));
        }
    }

    [Test]
    public async Task SendAsync_CustomBlocksOverTheBlockLimit_KeepFortyNineAndSayHowManyWereLeftOut()
    {
        var blocks = "[" + string.Join(",", Enumerable.Range(0, 60).Select(i => $$$"""{"type":"section","text":{"type":"mrkdwn","text":"row {{{i}}} nightly"}}""")) + "]";

        var message = await SentAsync(ChannelProbe.Notification("slack", payload: blocks));

        var all = message.GetProperty("blocks");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all.GetArrayLength(), Is.EqualTo(50));
            Assert.That(all[49].GetProperty("elements")[0].GetProperty("text").GetString(), Does.Contain("11 more block(s) not shown"));
            Assert.That(message.GetProperty("text").GetString(), Does.Contain("Job nightly-import failed"), "the fallback text is always sent");
        }
    }

    [Test]
    public async Task SendAsync_CustomBlocksOverTheirLimits_AreCutVisibly()
    {
        var longText = new string('z', 4000);
        var blocks = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "image",
                ["block_id"] = new string('b', 300),
                ["image_url"] = "https://example.com/a.png",
                ["alt_text"] = longText,
                ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = longText },
            },
            new JsonObject { ["type"] = "context", ["elements"] = new JsonArray([.. Enumerable.Range(0, 12).Select(i => (JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"c{i}" })]) },
            new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray([.. Enumerable.Range(0, 30).Select(i => (JsonNode)new JsonObject { ["type"] = "button", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"b{i}" } })]) },
        }.ToJsonString();

        var message = await SentAsync(ChannelProbe.Notification("slack", payload: blocks));

        var all = message.GetProperty("blocks");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(all[0].GetProperty("block_id").GetString(), Has.Length.EqualTo(255));
            Assert.That(all[0].GetProperty("alt_text").GetString(), Has.Length.EqualTo(2000).And.EndsWith(NotifierCapabilities.TruncationMarker));
            Assert.That(all[0].GetProperty("title").GetProperty("text").GetString(), Has.Length.EqualTo(2000));
            Assert.That(all[1].GetProperty("elements").GetArrayLength(), Is.EqualTo(10));
            Assert.That(all[2].GetProperty("elements").GetArrayLength(), Is.EqualTo(25));
        }
    }

    [Test]
    public async Task SendAsync_CustomMessageObject_IsSentAsIsWithTheFallbackAdded()
    {
        var message = await SentAsync(ChannelProbe.Notification("slack", payload: """{"blocks":[{"type":"section","text":{"type":"mrkdwn","text":"custom"}}]}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("custom"));
            Assert.That(message.GetProperty("text").GetString(), Is.Not.Empty);
        }
    }

    [TestCase("\"just text\"")]
    [TestCase("not json at all")]
    public async Task SendAsync_PayloadThatIsNeitherBlocksNorAMessage_FailsPermanentlyWithoutSending(string payload)
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("slack", payload: payload));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(probe.Requests, Is.Empty);
        }
    }

    [TestCase(HttpStatusCode.BadRequest, "invalid_payload")]
    [TestCase(HttpStatusCode.BadRequest, "invalid_blocks")]
    [TestCase(HttpStatusCode.Forbidden, "action_prohibited")]
    [TestCase(HttpStatusCode.NotFound, "channel_not_found")]
    [TestCase(HttpStatusCode.NotFound, "no_team")]
    [TestCase(HttpStatusCode.Gone, "channel_is_archived")]
    public async Task SendAsync_WebhookError_IsPermanentWithSlacksErrorAndNotRetried(HttpStatusCode status, string error)
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), () => ChannelProbe.Answer(status, error));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo($"HTTP {(int)status}: {error}"));
            Assert.That(probe.Requests, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task SendAsync_429WithRetryAfterThenOk_WaitsAndDelivers()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "3"), Ok);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(probe.Rig!.Clock.Created, Has.Some.InRange(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.3)));
        }
    }

    [Test]
    public async Task SendAsync_500RollupError_IsRetried()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), () => ChannelProbe.Answer(HttpStatusCode.InternalServerError, "rollup_error"), Ok);

        Assert.That(result.IsDelivered, Is.True, result.Reason);
    }

    [Test]
    public async Task SendAsync_Bot_PostsToChatPostMessageWithBearerTokenAndChannel()
    {
        var probe = Probe(Bot);

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), BotAnswer("""{"ok":true,"channel":"C0123456789","ts":"1503435956.000247"}"""));

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo("https://slack.com/api/chat.postMessage"));
            Assert.That(request.Authorization, Is.EqualTo("Bearer " + BotToken));
            Assert.That(request.Json.GetProperty("channel").GetString(), Is.EqualTo("C0123456789"));
            Assert.That(request.Json.GetProperty("blocks").GetArrayLength(), Is.GreaterThan(0));
        }
    }

    [TestCase("channel_not_found")]
    [TestCase("not_in_channel")]
    [TestCase("invalid_auth")]
    [TestCase("is_archived")]
    [TestCase("msg_too_long")]
    public async Task SendAsync_BotOkFalse_IsPermanentWithTheErrorAndNotRetried(string error)
    {
        var probe = Probe(Bot);

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), BotAnswer($$"""{"ok":false,"error":"{{error}}"}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo("Slack error " + error));
            Assert.That(probe.Requests, Has.Count.EqualTo(1));
        }
    }

    [TestCase("ratelimited")]
    [TestCase("internal_error")]
    [TestCase("fatal_error")]
    public async Task SendAsync_BotTransientOkFalse_IsRetriedThroughThePipeline(string error)
    {
        var probe = Probe(Bot);

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), BotAnswer($$"""{"ok":false,"error":"{{error}}"}"""), BotAnswer("""{"ok":true}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_BotRateLimitedUntilRetriesRunOut_IsTransientNamingSlacksError()
    {
        var probe = Probe(o =>
        {
            Bot(o);
            o.Http.MaxRetries = 1;
        });

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), BotAnswer("""{"ok":false,"error":"ratelimited"}"""), BotAnswer("""{"ok":false,"error":"ratelimited"}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("HTTP 429: Slack error ratelimited"));
        }
    }

    [TestCase(false, "bad request for " + WebhookUrl + " at /services/T000/B000/s3cr3tW3bh00kT0k3n")]
    [TestCase(true, "bad token " + BotToken)]
    public async Task SendAsync_ProviderEchoesTheSecret_ReasonAndLogsNeverCarryIt(bool bot, string echo)
    {
        var probe = Probe(bot ? Bot : null);

        var result = await probe.SendAsync(ChannelProbe.Notification("slack"), () => ChannelProbe.Answer(HttpStatusCode.BadRequest, echo));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.Not.Contain("s3cr3t"));
            Assert.That(probe.Logged, Does.Not.Contain("s3cr3t").And.Not.Contain("/services/"));
        }
    }

    [Test]
    public void Capabilities_RateIsOneMessagePerSecondAndTheHeaderIsPlainText()
    {
        var options = new SlackOptions { WebhookUrl = new Uri(WebhookUrl) };
        var capabilities = new SlackNotifier(options, new HttpClient()).Capabilities;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(capabilities.RateLimit, Is.EqualTo(1));
            Assert.That(capabilities.RatePeriod, Is.EqualTo(TimeSpan.FromSeconds(1)));
            Assert.That(capabilities.MessageEscaping, Is.EqualTo(Alerting.Templates.TemplateEscaping.SlackMrkdwn));
            Assert.That(capabilities.TitleEscaping, Is.EqualTo(Alerting.Templates.TemplateEscaping.None));
        }
    }
}
