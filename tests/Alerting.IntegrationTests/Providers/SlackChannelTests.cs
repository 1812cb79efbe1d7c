using System.Text.Json;
using Alerting.Notifiers.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Providers;

/// <summary>The Slack channel end to end: publish, route, render, deliver to an emulator that validates Block Kit as Slack does.</summary>
[TestFixture]
public class SlackChannelTests
{
    private const string Channel = "ops-slack";
    private const string Hostile = "a & b <!channel> <@U024BE7LH> <https://evil.example|click> \"q\" </script> {x} {{y}}\r\n\u0001\u007f \U0001F525";

    private static ChannelHost CreateHost(SlackEmulator slack, Action<SlackOptions>? configure = null, bool incidents = false, string? payload = null) =>
        ChannelHost.ForFailures(Channel, a => a.AddSlack(Channel, o =>
        {
            o.WebhookUrl = slack.WebhookUrl;
            o.Attributes = ["region"];
            ChannelHost.Loopback(o.Http);
            configure?.Invoke(o);
        }), incidents, payload);

    private static void Bot(SlackOptions o, SlackEmulator slack, string channelId = "C0ALERTS")
    {
        o.WebhookUrl = null;
        o.BotToken = SlackEmulator.BotToken;
        o.ChannelId = channelId;
        o.ApiBaseUrl = slack.ApiBaseUrl;
    }

    private static IEnumerable<string> Texts(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Name == "text" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Texts(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Texts),
        _ => [],
    };

    private static string Header(JsonElement message) => message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;

    [Test]
    public async Task Publish_429WithRetryAfterThenOk_DeliveredAfterTwoAttempts()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.ThenStatus(429, retryAfter: "1");
        await using var host = CreateHost(slack);

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(slack.Requests, Is.EqualTo(2));
            Assert.That(Header(slack.Posted.Single()), Is.EqualTo(":rotating_light: CRITICAL: [CRITICAL] Job nightly-import failed (firing)"));
            Assert.That(host.Logs.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1002), "the channel's retry policy retried it");
        }
    }

    [Test]
    public async Task Publish_HostileAndHugeEvent_AcceptedByBlockKitValidationWithMentionsDefused()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        var attributes = Enumerable.Range(0, 15).ToDictionary(i => $"a{i}", i => (object?)(Hostile + new string('r', 2500)));
        attributes["region"] = Hostile;
        await using var host = CreateHost(slack, o => o.Attributes = ["region", .. Enumerable.Range(0, 15).Select(i => $"a{i}")]);
        var e = new AlertEvent(AlertEventTypes.JobFailed, Hostile + new string('s', 300), AlertSeverity.Error, new string('m', 20_000) + Hostile)
        {
            Attributes = attributes,
            Environment = Hostile,
            Url = new Uri("https://ci.example.com/runs/42?q=" + Uri.EscapeDataString(Hostile)),
        };

        var outcome = (await host.PublishAsync(e)).Outcomes.Single();

        var message = slack.Posted.Single();
        var mrkdwn = Texts(message.GetProperty("blocks")).Skip(1).Append(message.GetProperty("text").GetString()!).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(mrkdwn, Has.All.Not.Contain("<!channel>").And.All.Not.Contain("<@U024BE7LH>").And.All.Not.Contain("<https://evil"));
            Assert.That(mrkdwn, Has.Some.Contain("&lt;!channel&gt;"));
            Assert.That(Texts(message.GetProperty("blocks")).Sum(t => t.Length), Is.LessThanOrEqualTo(12_000));
            Assert.That(host.Logs.GetSnapshot().Where(r => r.Category == "Alerting.Slack").Select(r => r.Id.Id), Does.Contain(1600), "the cuts were logged");
        }
    }

    [Test]
    public async Task Publish_RevokedWebhook_FailedOnceWithNoTeamAndTheUrlNowhereInReasonOrLogs()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = CreateHost(slack, o => o.WebhookUrl = new Uri(slack.BaseAddress, "/services/T0/B0/r3v0k3dT0k3n"));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        var logs = string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message + " " + r.Exception));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("HTTP 404: no_team"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(logs, Does.Not.Contain("r3v0k3dT0k3n").And.Not.Contain("/services/"));
            Assert.That(logs, Does.Contain("HTTP 404: no_team"), "the dispatcher logs the failure with its reason");
        }
    }

    [Test]
    public async Task Publish_WebhookRejectsTheWorkspace_FailedPermanentlyWithoutRetry()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.ThenStatus(403, body: "action_prohibited");
        await using var host = CreateHost(slack);

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        Assert.That((outcome.Status, outcome.Reason, slack.Requests), Is.EqualTo((DeliveryOutcomeStatus.Failed, "HTTP 403: action_prohibited", 1)));
    }

    [Test]
    public async Task Publish_Bot_PostsToTheChannelWithTheToken()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = CreateHost(slack, o => Bot(o, slack));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(slack.Posted.Single().GetProperty("channel").GetString(), Is.EqualTo("C0ALERTS"));
            Assert.That(host.Logs.GetSnapshot().Single(r => r.Id.Id == 1602).Message, Does.Contain(SlackEmulator.Ts));
        }
    }

    [Test]
    public async Task Publish_BotToUnknownChannel_FailedWithSlacksOkFalseErrorAfterOneRequest()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.MissingChannels.Add("C0GONE");
        await using var host = CreateHost(slack, o => Bot(o, slack, "C0GONE"));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("Slack error channel_not_found"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(slack.Requests, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Publish_BotWithAWrongToken_FailedWithInvalidAuthAndTheTokenNowhereInLogs()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = CreateHost(slack, o =>
        {
            Bot(o, slack);
            o.BotToken = "xoxb-wr0ng-t0k3n";
        });

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((outcome.Status, outcome.Reason), Is.EqualTo((DeliveryOutcomeStatus.Failed, "Slack error invalid_auth")));
            Assert.That(string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message)), Does.Not.Contain("wr0ng"));
        }
    }

    [Test]
    public async Task Publish_BotRateLimitedInA200Body_RetriedThroughThePipelineAndDelivered()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.ThenBotError("ratelimited");
        await using var host = CreateHost(slack, o => Bot(o, slack));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(slack.Posted, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Publish_PayloadTemplateWithHostileValues_CustomBlocksAcceptedAndEscaped()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = CreateHost(slack, payload: """[{"type":"section","text":{"type":"mrkdwn","text":"*{source}* failed in `{attributes.region}`"}}]""");

        var outcome = (await host.PublishAsync(ChannelHost.Failure(source: Hostile))).Outcomes.Single();

        var message = slack.Posted.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(message.GetProperty("blocks").GetArrayLength(), Is.EqualTo(1));
            Assert.That(message.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Does.StartWith("*a &amp; b &lt;!channel&gt; &lt;@U024BE7LH&gt;").And.EndWith("* failed in `eu-west-1`"));
            Assert.That(message.GetProperty("text").GetString(), Does.Contain("&lt;!channel&gt;"), "the fallback text is added and escaped");
        }
    }

    [Test]
    public async Task Publish_FailureThenSuccess_ResolveIsAShortMessageReferencingTheIncident()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = CreateHost(slack, incidents: true);

        var fired = await host.PublishAsync(ChannelHost.Failure());
        var resolved = await host.PublishAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "nightly-import", AlertSeverity.Info, "Imported 1,204 rows"));

        var resolve = slack.Posted[1];
        var context = resolve.GetProperty("blocks").EnumerateArray().Last().GetProperty("elements")[0].GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fired.AllDelivered && resolved.AllDelivered, Is.True);
            Assert.That(slack.Posted, Has.Count.EqualTo(2));
            Assert.That(Header(resolve), Does.StartWith(":white_check_mark: RESOLVED: "));
            Assert.That(resolve.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("type").GetString()), Is.EqualTo(new[] { "header", "section", "context" }));
            Assert.That(context, Does.Match("^Resolves incident `[^`]+` \\(key `job.failed:nightly-import`\\), resolved .+ UTC · rule \\*failures\\*$"));
        }
    }

    [Test]
    public async Task Publish_ChannelFromConfiguration_TypeSlackDelivers()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Alerting:Channels:{Channel}:Type"] = "slack",
            [$"Alerting:Channels:{Channel}:WebhookUrl"] = slack.WebhookUrl.AbsoluteUri,
            [$"Alerting:Channels:{Channel}:Attributes:0"] = "region",
            [$"Alerting:Channels:{Channel}:Message"] = "*{source}* failed in `{attributes.region}`: {message}",
            [$"Alerting:Channels:{Channel}:Http:AllowInsecureHttp"] = "true",
        }).Build();
        var services = new ServiceCollection();
        services.AddAlerting(configuration.GetSection("Alerting"), a => a.AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify(Channel)));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(ChannelHost.Failure()).WaitAsync(ChannelHost.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.AllDelivered, Is.True, result.Outcomes.Single().Reason);
            Assert.That(slack.Posted.Single().GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("*nightly-import* failed in `eu-west-1`: Disk full"));
        }
    }
}
