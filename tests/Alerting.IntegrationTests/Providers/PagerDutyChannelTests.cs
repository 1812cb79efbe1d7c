using Alerting.Dispatch;

namespace Alerting.IntegrationTests.Providers;

[TestFixture]
public class PagerDutyChannelTests
{
    private const string RoutingKey = "R0UT1NGKEY0123456789abcdefABCDEF";

    private static ChannelHost CreateHost(PagerDutyEmulator emulator, Action<Notifiers.PagerDuty.PagerDutyOptions>? configure = null) =>
        new(a => a
            .AddPagerDuty("pagerduty-prod", o =>
            {
                o.RoutingKey = RoutingKey;
                o.BaseUrl = emulator.BaseAddress;
                ChannelHost.Loopback(o.Http);
                configure?.Invoke(o);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pagerduty-prod")));

    private static AlertEvent Failure(string source = "nightly-import") =>
        new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, "Disk full") { Attributes = new Dictionary<string, object?> { ["host"] = "db-1" } };

    [Test]
    public async Task Publish_500Then429Then202_DeliveredAfterThreeAttempts()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        emulator.ThenStatus(500, body: """{"status":"error","message":"internal"}""").ThenStatus(429, retryAfter: "1");
        await using var host = CreateHost(emulator);

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(3));
            Assert.That(emulator.Requests, Is.EqualTo(3));
            Assert.That(emulator.Accepted.Single().GetProperty("payload").GetProperty("severity").GetString(), Is.EqualTo("critical"));
        }
    }

    [Test]
    public async Task Publish_InvalidEvent_FailedAfterOneAttemptWithPagerDutysErrors()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        await using var host = CreateHost(emulator, o => o.Images.Add(new() { Src = "http://insecure.example.com/{source}.png" }));

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(outcome.Reason, Is.EqualTo("HTTP 400: Event object is invalid ('images[].src' must be an HTTPS URL)"));
            Assert.That(emulator.Requests, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Publish_FailFailFailSucceed_OneTriggerAndOneResolveUnderOneDedupKey()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        await using var host = CreateHost(emulator);

        for (var i = 0; i < 3; i++)
        {
            await host.PublishAsync(Failure());
        }

        var succeeded = await host.PublishAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "nightly-import", AlertSeverity.Info, "Imported 1,204 rows"));

        var actions = emulator.Accepted.Select(b => b.GetProperty("event_action").GetString()).ToList();
        var keys = emulator.Accepted.Select(b => b.GetProperty("dedup_key").GetString()).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actions, Is.EqualTo(new[] { "trigger", "resolve" }));
            Assert.That(keys, Has.Count.EqualTo(1).And.None.Empty);
            Assert.That(emulator.Requests, Is.EqualTo(2));
            Assert.That(succeeded.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "the success is delivered as the failure's resolve");
        }
    }

    [Test]
    public async Task Publish_TriggerThenResolve_SameDedupAndRoutingKey()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        await using var host = CreateHost(emulator);
        var failure = Failure();

        var triggered = await host.PublishAsync(failure);
        var resolved = await host.PublishAsync(failure.ToResolved("Disk has room again"));

        var (trigger, resolve) = (emulator.Accepted[0], emulator.Accepted[1]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(triggered.AllDelivered && resolved.AllDelivered, Is.True);
            Assert.That(trigger.GetProperty("event_action").GetString(), Is.EqualTo("trigger"));
            Assert.That(resolve.GetProperty("event_action").GetString(), Is.EqualTo("resolve"));
            Assert.That(resolve.GetProperty("dedup_key").GetString(), Is.EqualTo(trigger.GetProperty("dedup_key").GetString()).And.Not.Empty);
            Assert.That(resolve.GetProperty("routing_key").GetString(), Is.EqualTo(trigger.GetProperty("routing_key").GetString()).And.EqualTo(RoutingKey));
        }
    }

    [Test]
    public async Task Publish_SlowThenDroppedConnection_RetriedAndDelivered()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        emulator.ThenSlow(TimeSpan.FromSeconds(5)).ThenDrop();
        await using var host = CreateHost(emulator);

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(3));
            Assert.That(emulator.Accepted, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Publish_ProviderDownLongerThanTheRetries_FailedTransientlyWithoutSecrets()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        for (var i = 0; i < 4; i++)
        {
            emulator.ThenStatus(503);
        }

        await using var host = CreateHost(emulator);

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        var logs = host.Logs.GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(4));
            Assert.That(outcome.Reason, Is.EqualTo("HTTP 503"));
            Assert.That(logs.Select(l => l.Message), Has.None.Contain(RoutingKey));
            Assert.That(logs.Select(l => l.Category), Has.None.StartWith("System.Net.Http.HttpClient"));
        }
    }

    [Test]
    public async Task Publish_ChangeEventType_AcceptedOnTheChangeEndpoint()
    {
        await using var emulator = await PagerDutyEmulator.StartNewAsync();
        await using var host = new ChannelHost(a => a
            .AddPagerDuty("pd", o =>
            {
                o.RoutingKey = RoutingKey;
                o.BaseUrl = emulator.BaseAddress;
                o.ChangeEventTypes.Add(AlertEventTypes.JobSucceeded);
                ChannelHost.Loopback(o.Http);
            })
            .AddRule("deploys", r => r.ForTypes(AlertEventTypes.JobSucceeded).Notify("pd")));

        var result = await host.PublishAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "deploy", AlertSeverity.Info, "v2 is live"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.AllDelivered, Is.True, result.Outcomes.Single().Reason);
            Assert.That(emulator.Accepted.Single().TryGetProperty("event_action", out _), Is.False);
        }
    }
}
