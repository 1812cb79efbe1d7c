using System.Net;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Diagnostics;

/// <summary><see cref="IAlertingHealth"/>: what Alerting reports of itself, read without starting or waiting for anything.</summary>
[TestFixture]
public sealed class AlertingHealthTests
{
    [Test]
    public async Task GetSnapshot_BeforeTheFirstPublish_NotStartedWithTheQueueSettingsAndNoChannelsYet()
    {
        await using var harness = AlertingHarness.Create(a => a
            .Configure(o =>
            {
                o.QueueCapacity = 50;
                o.QueueFullMode = QueueFullMode.Reject;
            })
            .AddRecording("ops", out _));

        var snapshot = harness.Get<IAlertingHealth>().GetSnapshot();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshot.State, Is.EqualTo(AlertingDispatchState.NotStarted));
            Assert.That(snapshot.Timestamp, Is.EqualTo(harness.Time.GetUtcNow()));
            Assert.That(snapshot.Window, Is.EqualTo(AlertingHealthSnapshot.DefaultWindow));
            Assert.That(snapshot.QueueLength, Is.Zero);
            Assert.That(snapshot.QueueCapacity, Is.EqualTo(50));
            Assert.That(snapshot.QueueFullMode, Is.EqualTo(QueueFullMode.Reject));
            Assert.That(snapshot.Channels, Is.Empty);
            Assert.That(snapshot.OutboxBacklog, Is.Null);
            Assert.That(snapshot.SharedStore, Is.Null);
            Assert.That(harness.Get<IAlertingHealth>().GetSnapshot().State, Is.EqualTo(AlertingDispatchState.NotStarted), "reading never starts dispatch");
        }
    }

    [Test]
    public async Task GetSnapshot_AfterDeliveries_CountsEachChannelsOutcomesWithinTheWindowAndKeepsTheLastFailure()
    {
        RecordingSink failing = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRecording("sms", out failing)
            .ConfigureChannel("sms", c => c.Retry.MaxAttempts = 1)
            .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops").Notify("sms")));
        failing.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("HTTP 400"));
        var health = harness.Get<IAlertingHealth>();

        await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var failedAt = harness.Time.GetUtcNow();
        var recent = health.GetSnapshot();
        harness.Time.Advance(TimeSpan.FromMinutes(6));
        var later = health.GetSnapshot();
        var wider = health.GetSnapshot(TimeSpan.FromMinutes(10));

        var ops = recent.Channels.Single(c => c.Name == "ops");
        var sms = recent.Channels.Single(c => c.Name == "sms");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(recent.State, Is.EqualTo(AlertingDispatchState.Running));
            Assert.That(recent.Channels.Select(c => c.Name), Is.EqualTo(new[] { "ops", "sms" }));
            Assert.That((ops.Delivered, ops.Failed, ops.LastFailureReasonTag, ops.LastDeliveredAt), Is.EqualTo((2, 0, (string?)null, (DateTimeOffset?)failedAt)));
            Assert.That((sms.Delivered, sms.Failed, sms.LastFailureReasonTag, sms.LastFailureAt), Is.EqualTo((0, 2, DeliveryReasonTags.Permanent, (DateTimeOffset?)failedAt)));
            Assert.That(sms.Circuit, Is.EqualTo(ChannelCircuitState.None), "a channel outside the HTTP pipeline has no circuit");
            Assert.That(sms.QueueCapacity, Is.EqualTo(new ChannelOptions().QueueCapacity));
            Assert.That(later.Channels.Select(c => (c.Delivered, c.Failed)), Is.All.EqualTo((0, 0)), "outside the five-minute window");
            Assert.That(later.Channels.Single(c => c.Name == "sms").LastFailureReasonTag, Is.EqualTo(DeliveryReasonTags.Permanent), "the last failure is kept");
            Assert.That(wider.Channels.Single(c => c.Name == "sms").Failed, Is.EqualTo(2));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(61)]
    public async Task GetSnapshot_WindowNotPositiveOrOverAnHour_Throws(int minutes)
    {
        await using var harness = AlertingHarness.Create(_ => { });

        Assert.That(() => harness.Get<IAlertingHealth>().GetSnapshot(TimeSpan.FromMinutes(minutes)), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task GetSnapshot_RoutingBlocked_ReportsTheEventQueueAndTheChannelQueueFull()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Wait);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());

        var snapshot = rig.Harness.Get<IAlertingHealth>().GetSnapshot();

        var channel = snapshot.Channels.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((snapshot.QueueLength, snapshot.QueueCapacity), Is.EqualTo((2, 2)));
            Assert.That((channel.Name, channel.QueueLength, channel.QueueCapacity), Is.EqualTo((BlockedRouting.ChannelName, 1, 1)));
        }

        blocked.Gate.Open();
    }

    [Test]
    public async Task GetSnapshot_EventRefusedByAFullQueue_CountsItWithItsTime()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Reject);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        Assert.That(async () => await rig.Publisher.PublishAsync(Some.Problem()), Throws.TypeOf<AlertQueueFullException>());

        var snapshot = rig.Harness.Get<IAlertingHealth>().GetSnapshot();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((snapshot.RefusedEvents, snapshot.LastRefusedAt), Is.EqualTo((1L, (DateTimeOffset?)rig.Clock.GetUtcNow())));
            Assert.That((snapshot.DroppedEvents, snapshot.LastDroppedAt), Is.EqualTo((0L, (DateTimeOffset?)null)));
        }

        blocked.Gate.Open();
    }

    [Test]
    public async Task GetSnapshot_EventDroppedFromAFullQueue_CountsItWithItsTime()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.DropOldest);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        var oldest = rig.Publisher.PublishAndWaitAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        await oldest.WaitAsync(TimerClock.Guard);

        var snapshot = rig.Harness.Get<IAlertingHealth>().GetSnapshot();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((snapshot.DroppedEvents, snapshot.LastDroppedAt), Is.EqualTo((1L, (DateTimeOffset?)rig.Clock.GetUtcNow())));
            Assert.That(snapshot.RefusedEvents, Is.Zero);
        }

        blocked.Gate.Open();
    }

    [Test]
    public async Task GetSnapshot_WithAnOutbox_CountsTheEventsKeptUntilTheyAreDone()
    {
        var directory = Directory.CreateTempSubdirectory("alerting-health-").FullName;
        try
        {
            var blocked = BlockedRouting.Create(QueueFullMode.Wait, options: o => o.Outbox.Directory = directory);
            await using var rig = blocked.Rig;
            var health = rig.Harness.Get<IAlertingHealth>();
            await blocked.BlockAsync();

            var whileBlocked = health.GetSnapshot().OutboxBacklog;
            blocked.Gate.Open();
            await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(whileBlocked, Is.EqualTo(3), "in the notifier, in the channel queue, held by routing");
                Assert.That(health.GetSnapshot().OutboxBacklog, Is.Zero);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task GetSnapshot_HttpChannelWhoseRequestsFail_ReportsItsCircuitOpen()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("https://hooks.example.com/*").Respond(HttpStatusCode.ServiceUnavailable);
        await using var harness = AlertingHarness.Create(
            a => a
                .AddWebhook("hook", o =>
                {
                    o.Url = "https://hooks.example.com/services/s3cr3t";
                    o.Http.CircuitBreakerFailureThreshold = 1;
                })
                .AddRecording("ops", out _)
                .ConfigureChannel("hook", c => c.Retry.MaxAttempts = 1)
                .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("hook").Notify("ops")),
            s => s.AddHttpClient("Alerting.hook").ConfigurePrimaryHttpMessageHandler(() => mock));
        var health = harness.Get<IAlertingHealth>();
        await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var afterFirst = health.GetSnapshot().Channels.Single(c => c.Name == "hook").Circuit;

        await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        var snapshot = health.GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterFirst, Is.EqualTo(ChannelCircuitState.Open), "one failure opens it with a threshold of 1");
            Assert.That(snapshot.Channels.Single(c => c.Name == "hook").Circuit, Is.EqualTo(ChannelCircuitState.Open));
            Assert.That(snapshot.Channels.Single(c => c.Name == "hook").Failed, Is.EqualTo(2));
            Assert.That(snapshot.Channels.Single(c => c.Name == "ops").Circuit, Is.EqualTo(ChannelCircuitState.None));
        }
    }

    [Test]
    public async Task GetSnapshot_HttpChannelThatDelivers_ReportsItsCircuitClosed()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("https://hooks.example.com/*").Respond(HttpStatusCode.OK);
        await using var harness = AlertingHarness.Create(
            a => a
                .AddWebhook("hook", o => o.Url = "https://hooks.example.com/services/s3cr3t")
                .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("hook")),
            s => s.AddHttpClient("Alerting.hook").ConfigurePrimaryHttpMessageHandler(() => mock));

        await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        var hook = harness.Get<IAlertingHealth>().GetSnapshot().Channels.Single();
        Assert.That((hook.Circuit, hook.Delivered), Is.EqualTo((ChannelCircuitState.Closed, 1)));
    }

    [Test]
    public async Task GetSnapshot_SharedStoreRegistered_ReportsItsStatus()
    {
        var since = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var store = new StoreStatus { IsReachable = false, UnreachableSince = since, LocalDecisions = 7 };
        await using var harness = AlertingHarness.Create(_ => { }, s => s.AddSingleton<ISharedStoreStatus>(store));

        var shared = harness.Get<IAlertingHealth>().GetSnapshot().SharedStore;

        Assert.That(shared, Is.Not.Null);
        Assert.That((shared!.StoreName, shared.IsReachable, shared.UnreachableSince, shared.LocalDecisions), Is.EqualTo(("fake", false, (DateTimeOffset?)since, 7L)));
    }

    private sealed class StoreStatus : ISharedStoreStatus
    {
        public string StoreName => "fake";

        public bool IsReachable { get; init; }

        public DateTimeOffset? UnreachableSince { get; init; }

        public long LocalDecisions { get; init; }
    }
}
