using Alerting.Notifiers.Slack;
using Alerting.Notifiers.Teams;
using Alerting.Notifiers.Twilio;

namespace Alerting.IntegrationTests.Providers;

/// <summary>One rule fanning out to Slack, Teams and Twilio, each with its own templates; each channel alone is pinned by its own fixture.</summary>
[TestFixture]
public class ChatChannelTests
{
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

    private static void Twilio(TwilioOptions o, TwilioEmulator twilio, string to)
    {
        o.BaseUrl = twilio.BaseAddress;
        o.AccountSid = TwilioEmulator.AccountSid;
        o.AuthToken = TwilioEmulator.AuthToken;
        o.From = "+14155550100";
        o.To = [to];
        ChannelHost.Loopback(o.Http);
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

        var result = await host.PublishAsync(ChannelHost.Failure());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.Status), Has.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(slack.Posted.Single().GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("*nightly-import* failed in `eu-west-1`: Disk full"));
            Assert.That(teams.Posted.Single().GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("CRITICAL: nightly-import failed"));
            Assert.That(twilio.Sent.Single()["Body"], Is.EqualTo("CRITICAL nightly-import: Disk full"));
        }
    }
}
