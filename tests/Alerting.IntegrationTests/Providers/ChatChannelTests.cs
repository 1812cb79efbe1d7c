using System.Text.Json;
using Alerting.Notifiers.Slack;
using Alerting.Notifiers.Teams;
using Alerting.Notifiers.Twilio;

namespace Alerting.IntegrationTests.Providers;

/// <summary>Slack, Teams and Twilio channels end to end: publish, route, render, deliver to emulators that validate as the providers do.</summary>
[TestFixture]
public class ChatChannelTests
{
    private const string Hostile = "a & b <!channel> \"q\" </script> {x}\n\u0001 \U0001F525";

    private static AlertEvent Failure(string source = "nightly-import", string message = "Disk full") =>
        new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, message) { Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1" } };

    private static void Slack(SlackOptions o, SlackEmulator slack)
    {
        o.WebhookUrl = slack.WebhookUrl;
        o.Attributes = ["region"];
        ChannelHost.Loopback(o.Http);
    }

    private static void Teams(TeamsOptions o, TeamsEmulator teams)
    {
        o.WebhookUrl = teams.WorkflowUrl;
        ChannelHost.Loopback(o.Http);
    }

    private static void Twilio(TwilioOptions o, TwilioEmulator twilio, params string[] to)
    {
        o.BaseUrl = twilio.BaseAddress;
        o.AccountSid = TwilioEmulator.AccountSid;
        o.AuthToken = TwilioEmulator.AuthToken;
        o.From = "+14155550100";
        o.To = [.. to];
        ChannelHost.Loopback(o.Http);
    }

    private static ChannelHost Host(Action<AlertingBuilder> channels, params string[] notify) =>
        new(a =>
        {
            channels(a);
            a.AddRule("failures", r =>
            {
                r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents();
                foreach (var channel in notify)
                {
                    r.Notify(channel);
                }
            });
        });

    [Test]
    public async Task Slack_429WithRetryAfterThenOk_DeliveredOnTheSecondAttempt()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.ThenStatus(429, retryAfter: "1");
        await using var host = Host(a => a.AddSlack("slack", o => Slack(o, slack)), "slack");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(slack.Requests, Is.EqualTo(2));
            Assert.That(slack.Posted.Single().GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString(), Does.StartWith(":rotating_light: CRITICAL"));
        }
    }

    [Test]
    public async Task Slack_HostileAndHugeEvent_PassesBlockKitValidation()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = Host(a => a.AddSlack("slack", o => Slack(o, slack)), "slack");
        var e = new AlertEvent(AlertEventTypes.JobFailed, Hostile, AlertSeverity.Error, new string('m', 20_000) + Hostile)
        {
            Attributes = new Dictionary<string, object?> { ["region"] = new string('r', 5000) },
        };

        var outcome = (await host.PublishAsync(e)).Outcomes.Single();

        var text = slack.Posted.Single().GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(text, Does.Not.Contain("<!channel>"));
        }
    }

    [Test]
    public async Task Slack_RevokedWebhook_FailsOnceWithNoTeamAndNoSecretInTheReason()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var host = Host(a => a.AddSlack("slack", o =>
        {
            Slack(o, slack);
            o.WebhookUrl = new Uri(slack.BaseAddress, "/services/T0/B0/r3v0k3d");
        }), "slack");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("HTTP 404: no_team"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message)), Does.Not.Contain("r3v0k3d"));
        }
    }

    [Test]
    public async Task Slack_BotToUnknownChannel_FailsWithSlacksErrorAfterOneAttempt()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        slack.MissingChannels.Add("C0GONE");
        await using var host = Host(a => a.AddSlack("slack", o =>
        {
            ChannelHost.Loopback(o.Http);
            o.BotToken = SlackEmulator.BotToken;
            o.ChannelId = "C0GONE";
            o.ApiBaseUrl = slack.ApiBaseUrl;
        }), "slack");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("Slack error channel_not_found"));
            Assert.That(slack.Requests, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Teams_Trigger_PostsAnAdaptiveCardTheFlowCanPost()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = Host(a => a.AddTeams("teams", o => Teams(o, teams)), "teams");

        var outcome = (await host.PublishAsync(Failure(message: new string('x', 60_000) + Hostile))).Outcomes.Single();

        var card = teams.Posted.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(teams.FailedRuns, Is.Zero);
            Assert.That(card.GetProperty("version").GetString(), Is.EqualTo("1.4"));
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo("Attention"));
        }
    }

    [Test]
    public async Task Teams_WrongSignature_FailsPermanentlyWithoutRetry()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = Host(a => a.AddTeams("teams", o =>
        {
            Teams(o, teams);
            o.WebhookUrl = new Uri(teams.WorkflowUrl.AbsoluteUri.Replace(TeamsEmulator.Signature, "wr0ngs1g", StringComparison.Ordinal));
        }), "teams");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.StartWith("HTTP 401").And.Not.Contain("wr0ngs1g"));
            Assert.That(teams.Requests, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Teams_LegacyConnectorThrottledIn200_IsRetriedAndPosted()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        teams.ThenThrottledIn200();
        await using var host = Host(a => a.AddTeams("teams", o =>
        {
            Teams(o, teams);
            o.WebhookUrl = teams.ConnectorUrl;
            o.Format = TeamsFormat.MessageCard;
        }), "teams");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(teams.Posted.Single().GetProperty("@type").GetString(), Is.EqualTo("MessageCard"));
        }
    }

    [Test]
    public async Task Twilio_ThreeNumbersOneOptedOut_DeliversTwoAndReportsOnePermanentFailure()
    {
        await using var twilio = await TwilioEmulator.StartNewAsync();
        twilio.OptedOut.Add("+14155550122");
        await using var host = Host(a => a.AddTwilio("sms", o => Twilio(o, twilio, "+14155550111", "+14155550122", "+14155550133")), "sms");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(twilio.Sent.Select(m => m["To"]), Is.EqualTo(new[] { "+14155550111", "+14155550133" }));
            Assert.That(twilio.Attempted.Count(n => n == "+14155550122"), Is.EqualTo(1), "an opted-out number is never retried");
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Recipients.Select(r => (r.Recipient, r.IsDelivered)), Is.EqualTo(new[] { ("+*******0111", true), ("+*******0122", false), ("+*******0133", true) }));
            Assert.That(outcome.Recipients[1].Status, Is.EqualTo(Notifiers.DeliveryStatus.PermanentFailure));
            Assert.That(outcome.Recipients[1].Reason, Does.Contain("21610"));
        }
    }

    [Test]
    public async Task Twilio_429ThenCreated_IsRetried()
    {
        await using var twilio = await TwilioEmulator.StartNewAsync();
        twilio.ThenStatus(429, retryAfter: "1", body: """{"code":20429,"message":"Too Many Requests","status":429}""");
        await using var host = Host(a => a.AddTwilio("sms", o => Twilio(o, twilio, "+14155550111")), "sms");

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(twilio.Sent.Single()["Body"], Is.EqualTo("[CRITICAL] Job nightly-import failed (firing)"));
        }
    }

    [Test]
    public async Task OneRule_FansOutToSlackTeamsAndSmsWithTheirOwnTemplates()
    {
        await using var slack = await SlackEmulator.StartNewAsync();
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var twilio = await TwilioEmulator.StartNewAsync();
        await using var host = new ChannelHost(a => a
            .AddSlack("ops-slack", o => Slack(o, slack))
            .AddTeams("ops-teams", o => Teams(o, teams))
            .AddTwilio("on-call-sms", o => Twilio(o, twilio, "+14155550111"))
            .AddRule("failures", r => r
                .ForTypes(AlertEventTypes.JobFailed)
                .WithoutIncidents()
                .Notify("ops-slack", n => n.Message = "*{source}* failed in `{attributes.region}`: {message}")
                .Notify("ops-teams", n => n.Title = "{source} failed")
                .Notify("on-call-sms", n => n.Body = "{severity:upper} {source}: {message}")));

        var result = await host.PublishAsync(Failure());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.Status), Has.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(slack.Posted.Single().GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("*nightly-import* failed in `eu-west-1`: Disk full"));
            Assert.That(teams.Posted.Single().GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("CRITICAL: nightly-import failed"));
            Assert.That(twilio.Sent.Single()["Body"], Is.EqualTo("CRITICAL nightly-import: Disk full"));
        }
    }
}
