using System.Text.Json;
using Alerting.Notifiers.Teams;

namespace Alerting.IntegrationTests.Providers;

/// <summary>The Teams channel end to end: publish, route, render, deliver to a Workflows trigger (or legacy connector) emulator.</summary>
[TestFixture]
public class TeamsChannelTests
{
    private const string Channel = "ops-teams";
    private const string Hostile = "a & b <b>x</b> [click](https://evil.example) \"q\" </script> {x} {{y}}\r\n\u0001\u007f \U0001F525";

    private static ChannelHost CreateHost(TeamsEmulator teams, Action<TeamsOptions>? configure = null, bool incidents = false, string? payload = null) =>
        ChannelHost.ForFailures(Channel, a => a.AddTeams(Channel, o =>
        {
            o.WebhookUrl = teams.WorkflowUrl;
            o.Attributes = ["region"];
            ChannelHost.Loopback(o.Http);
            configure?.Invoke(o);
        }), incidents, payload);

    private static void Legacy(TeamsOptions o, TeamsEmulator teams)
    {
        o.WebhookUrl = teams.ConnectorUrl;
        o.Format = TeamsFormat.MessageCard;
    }

    private static List<(string?, string?)> Facts(JsonElement card) =>
        [.. card.GetProperty("body").EnumerateArray().Single(b => b.GetProperty("type").GetString() == "FactSet")
            .GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString()))];

    [Test]
    public async Task Publish_Trigger_AcceptedWith202AndACardTheFlowCanPost()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = CreateHost(teams);
        var e = ChannelHost.Failure();
        e = new AlertEvent(e.Type, e.Source, e.Severity, e.Message) { Attributes = e.Attributes, Url = new Uri("https://ci.example.com/runs/42") };

        var outcome = (await host.PublishAsync(e)).Outcomes.Single();

        var card = teams.Posted.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(teams.FailedRuns, Is.Zero);
            Assert.That(card.GetProperty("version").GetString(), Is.EqualTo("1.4"));
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo("CRITICAL: [CRITICAL] Job nightly-import failed (firing)"));
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo("Attention"));
            Assert.That(Facts(card), Does.Contain(("region", "eu-west-1")));
            Assert.That(card.GetProperty("actions")[0].GetProperty("url").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
            Assert.That(host.Logs.GetSnapshot().Where(r => r.Category == "Alerting.Teams").Select(r => r.Id.Id), Does.Contain(1652), "accepted, not posted, is logged");
        }
    }

    [Test]
    public async Task Publish_HostileAndHugeEvent_FitsUnder28KbAndTheFlowPostsIt()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = CreateHost(teams, o => o.Attributes = [.. Enumerable.Range(0, 12).Select(i => $"a{i}")]);
        var e = new AlertEvent(AlertEventTypes.JobFailed, Hostile, AlertSeverity.Error, new string('x', 60_000) + Hostile)
        {
            Attributes = Enumerable.Range(0, 12).ToDictionary(i => $"a{i}", i => (object?)(Hostile + new string('€', 4000))),
            Environment = Hostile,
        };

        var outcome = (await host.PublishAsync(e)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(teams.FailedRuns, Is.Zero);
            Assert.That(Facts(teams.Posted.Single())[0].Item2, Does.StartWith("a & b <b>x</b> [click](https://evil.example) \"q\" </script> {x} {{y}}\n"));
            Assert.That(host.Logs.GetSnapshot().Where(r => r.Category == "Alerting.Teams").Select(r => r.Id.Id), Does.Contain(1650), "the cut was logged");
        }
    }

    [Test]
    public async Task Publish_WrongSignature_FailedPermanentlyWithoutRetryAndWithoutTheSignature()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = CreateHost(teams, o => o.WebhookUrl = new Uri(teams.WorkflowUrl.AbsoluteUri.Replace(TeamsEmulator.Signature, "wr0ngs1gnature", StringComparison.Ordinal)));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.StartWith("HTTP 401: ").And.Contain("DirectApiAuthorizationRequired").And.Not.Contain("wr0ngs1gnature"));
            Assert.That(teams.Requests, Is.EqualTo(1));
            Assert.That(string.Join("\n", host.Logs.GetSnapshot().Select(r => r.Message)), Does.Not.Contain("wr0ngs1gnature").And.Not.Contain("sig="));
        }
    }

    [Test]
    public async Task Publish_429Then202_RetriedAndDelivered()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        teams.ThenStatus(429, retryAfter: "1");
        await using var host = CreateHost(teams);

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        Assert.That((outcome.Status, outcome.Attempts, teams.Posted.Count), Is.EqualTo((DeliveryOutcomeStatus.Delivered, 2, 1)), outcome.Reason);
    }

    [Test]
    public async Task Publish_PayloadTemplateCard_WrappedInTheEnvelopeAndPosted()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = CreateHost(teams, payload: """{"type":"AdaptiveCard","version":"1.4","body":[{"type":"TextBlock","text":"{source} failed in {attributes.region}","wrap":true}]}""");

        var outcome = (await host.PublishAsync(ChannelHost.Failure(source: Hostile))).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(teams.Posted.Single().GetProperty("body")[0].GetProperty("text").GetString(), Does.StartWith("a & b <b>x</b>").And.EndWith(" failed in eu-west-1"));
        }
    }

    [Test]
    public async Task Publish_FailureThenSuccess_ResolveIsAShortGreenCardReferencingTheIncident()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        await using var host = CreateHost(teams, incidents: true);

        await host.PublishAsync(ChannelHost.Failure());
        var resolved = await host.PublishAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "nightly-import", AlertSeverity.Info, "Imported 1,204 rows"));

        var card = teams.Posted[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolved.AllDelivered, Is.True);
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Does.StartWith("RESOLVED: "));
            Assert.That(card.GetProperty("body")[0].GetProperty("color").GetString(), Is.EqualTo("Good"));
            Assert.That(Facts(card).Select(f => f.Item1), Is.EqualTo(new[] { "Incident", "Source", "Resolved", "Rule" }));
            Assert.That(Facts(card)[0].Item2, Does.EndWith("(key job.failed:nightly-import)"));
        }
    }

    [Test]
    public async Task Publish_LegacyConnectorThrottledIn200_RetriedThroughThePipelineAndPosted()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        teams.ThenThrottledIn200();
        await using var host = CreateHost(teams, o => Legacy(o, teams));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(teams.Requests, Is.EqualTo(2));
            Assert.That(teams.Posted.Single().GetProperty("@type").GetString(), Is.EqualTo("MessageCard"));
            Assert.That(host.Logs.GetSnapshot().Select(r => r.Id.Id), Does.Contain(1002), "the channel's retry policy retried it");
        }
    }

    [Test]
    public async Task Publish_LegacyConnectorThrottledOnEveryTry_FailedTransientlyAs429()
    {
        await using var teams = await TeamsEmulator.StartNewAsync();
        for (var i = 0; i < 4; i++)
        {
            teams.ThenThrottledIn200();
        }

        await using var host = CreateHost(teams, o => Legacy(o, teams));

        var outcome = (await host.PublishAsync(ChannelHost.Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.StartWith("HTTP 429: Microsoft Teams endpoint returned HTTP error 429"));
            Assert.That(outcome.Attempts, Is.EqualTo(4));
            Assert.That(teams.Posted, Is.Empty);
        }
    }
}
