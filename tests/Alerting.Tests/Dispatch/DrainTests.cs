using System.Diagnostics.Metrics;
using Alerting.Diagnostics;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class DrainTests
{
    private const string Channel = "slow";

    public enum StopBy
    {
        StopAsync,
        DisposingServiceProvider,
    }

    private static DispatchRig CreateRig(out RecordingSink sink, Action<AlertingOptions>? options = null)
    {
        RecordingSink created = null!;
        var rig = DispatchRig.Create(a => a
            .Configure(o => options?.Invoke(o))
            .AddRecording(Channel, out created)
            .ConfigureChannel(Channel, c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        sink = created;
        return rig;
    }

    [TestCase(StopBy.StopAsync)]
    [TestCase(StopBy.DisposingServiceProvider)]
    public async Task Stop_SlowChannelWithQueuedEvents_DeliversEveryAcceptedEvent(StopBy stopBy)
    {
        await using var rig = CreateRig(out var sink);
        var gate = rig.NewGate();
        sink.Respond = gate.Respond;
        var events = Enumerable.Range(0, 5).Select(_ => Some.Problem()).ToArray();
        foreach (var e in events)
        {
            await rig.Publisher.PublishAsync(e);
        }

        await gate.WaitForEnteredAsync(1);
        var history = rig.History;

        var stopping = stopBy == StopBy.StopAsync
            ? rig.Dispatcher.StopAsync(CancellationToken.None)
            : rig.Harness.DisposeAsync().AsTask();

        Assert.That(stopping.IsCompleted, Is.False, "stopping waits for the queued deliveries");
        gate.Open();
        await stopping.WaitAsync(TimerClock.Guard);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(events.Select(e => e.Id)));
            Assert.That(history.GetRecent().Select(o => o.Status), Is.EqualTo(Enumerable.Repeat(DeliveryOutcomeStatus.Delivered, events.Length)));
        }
    }

    [Test]
    public async Task StopAsync_DrainTimeoutElapsesWhileNotifierHangs_RecordsEveryAcceptedEventAsFailed()
    {
        var blocked = BlockedRouting.Create(
            QueueFullMode.Wait,
            queueCapacity: 10,
            services: s => s.AddMetrics(),
            options: o => o.DrainTimeout = TimeSpan.FromSeconds(10));
        await using var rig = blocked.Rig;
        using var notifications = new MetricCollector<long>(rig.Harness.Get<IMeterFactory>(), AlertingTelemetry.MeterName, "alerting.notifications");
        var accepted = (await blocked.BlockAsync()).ToList();
        var stillQueued = Some.Problem();
        await rig.Publisher.PublishAsync(stillQueued);
        accepted.Add(stillQueued);

        var stopping = rig.Dispatcher.StopAsync(CancellationToken.None);
        Assert.That(stopping.IsCompleted, Is.False);
        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.That(stopping.IsCompleted, Is.False, "the request already sent may still answer: it has until its channel's timeout");
        rig.Clock.Advance(new ChannelOptions().Timeout);
        await stopping.WaitAsync(TimerClock.Guard);

        var outcomes = rig.History.GetRecent();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Select(o => o.EventId), Is.EquivalentTo(accepted.Select(e => e.Id)), "nothing accepted is lost silently");
            Assert.That(outcomes.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcomes.Select(o => o.Reason), Is.All.Not.Empty);
            Assert.That(notifications.GetMeasurementSnapshot().Select(m => m.Tags[AlertingTelemetryTags.Reason]), Is.All.EqualTo("shutdown"));
            Assert.That(blocked.Sink.Received, Has.Count.EqualTo(1), "after the deadline no further delivery is attempted");
        }
    }

    [Test]
    public async Task StopAsync_DrainTimeoutWithManyQueued_LogsOneSummaryRaisesOneDeliveryFailedAndRecordsTheSentOneByItsResult()
    {
        // Issue 15: such a stop wrote two warnings per notification, raised no delivery.failed, and recorded the request
        // in flight as failed although the receiver got it.
        RecordingSink slow = null!;
        RecordingSink fallback = null!;
        await using var rig = DispatchRig.Create(
            a => a
                .Configure(o => o.DrainTimeout = TimeSpan.FromSeconds(10))
                .AddRecording(Channel, out slow)
                .AddRecording("fallback", out fallback)
                .ConfigureChannel(Channel, c => c.MaxConcurrency = 1)
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify(Channel))
                .AddRule("lost", r => r.ForTypes(AlertEventTypes.DeliveryFailed).WithoutIncidents().Notify("fallback")),
            s => s.AddLogging(b => b.AddFakeLogging()));
        var gate = rig.NewGate();
        slow.Respond = gate.Respond;
        var events = Enumerable.Range(0, 20).Select(_ => Some.Problem()).ToArray();
        foreach (var e in events)
        {
            await rig.Publisher.PublishAsync(e);
        }

        await gate.WaitForEnteredAsync(1);
        var stopping = rig.Dispatcher.StopAsync(CancellationToken.None);
        rig.Clock.Advance(TimeSpan.FromSeconds(10));
        await WaitForLogAsync(rig, 1017); // the deadline has taken effect: nothing new is sent from here
        gate.Open(); // the request that was in flight at the deadline answers
        await stopping.WaitAsync(TimerClock.Guard);

        var outcomes = rig.History.GetRecent().Where(o => o.EventType == AlertEventTypes.JobFailed).ToList();
        var lost = outcomes.Where(o => o.Status == DeliveryOutcomeStatus.Failed).ToList();
        var logs = rig.Harness.Provider.GetFakeLogCollector().GetSnapshot();
        var report = fallback.Received.Single().Event;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes, Has.Count.EqualTo(events.Length), "every accepted event has an outcome");
            Assert.That(outcomes.Single(o => o.EventId == events[0].Id).Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "recorded by its real result");
            Assert.That(lost, Has.Count.EqualTo(events.Length - 1));
            Assert.That(logs.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Id.Id), Is.EqualTo(new[] { 1016 }), "one summary, no warning per notification");
            Assert.That(logs.Single(l => l.Id.Id == 1016).Message, Does.Contain("with 19 notification(s)"));
            Assert.That(report.Type, Is.EqualTo(AlertEventTypes.DeliveryFailed));
            Assert.That(report.Source, Is.EqualTo(Channel));
            Assert.That(report.Attributes["count"], Is.EqualTo(lost.Count(o => o.ChannelName == Channel)));
            Assert.That(slow.Received, Has.Count.EqualTo(1), "after the deadline nothing new is sent");
        }
    }

    private static async Task WaitForLogAsync(DispatchRig rig, int eventId)
    {
        using var guard = new CancellationTokenSource(TimerClock.Guard);
        while (!rig.Harness.Provider.GetFakeLogCollector().GetSnapshot().Any(l => l.Id.Id == eventId))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), guard.Token);
        }
    }

    [Test]
    public async Task StopAsync_DrainTimeoutBeyondTimerRange_StillDrainsGracefully()
    {
        await using var rig = CreateRig(out var sink, o => o.DrainTimeout = TimeSpan.FromDays(60));
        var gate = rig.NewGate();
        sink.Respond = gate.Respond;
        await rig.Publisher.PublishAsync(Some.Problem());
        await gate.WaitForEnteredAsync(1);

        var stopping = rig.Dispatcher.StopAsync(CancellationToken.None);
        gate.Open();

        Assert.That(async () => await stopping.WaitAsync(TimerClock.Guard), Throws.Nothing);
        Assert.That(rig.History.GetRecent().Select(o => o.Status), Is.EqualTo(new[] { DeliveryOutcomeStatus.Delivered }));
    }

    [TestCase(QueueFullMode.Wait, true)]
    [TestCase(QueueFullMode.Wait, false)]
    [TestCase(QueueFullMode.Reject, true)]
    [TestCase(QueueFullMode.Reject, false)]
    [TestCase(QueueFullMode.DropOldest, true)]
    [TestCase(QueueFullMode.DropOldest, false)]
    public async Task Publish_AfterStop_ThrowsInvalidOperationException(QueueFullMode mode, bool startedBeforeStop)
    {
        await using var rig = CreateRig(out var sink, o => o.QueueFullMode = mode);
        if (startedBeforeStop)
        {
            await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        }

        await rig.Dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(async () => await rig.Publisher.PublishAsync(Some.Problem()), Throws.TypeOf<InvalidOperationException>());
            Assert.That(async () => await rig.Publisher.PublishAndWaitAsync(Some.Problem()), Throws.TypeOf<InvalidOperationException>());
            Assert.That(sink.Received, Has.Count.EqualTo(startedBeforeStop ? 1 : 0));
        }
    }

    [Test]
    public async Task HostedService_StartAndStop_DeliversAndDrains()
    {
        RecordingSink sink = null!;
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(new TimerClock());
        builder.Services.AddAlerting(a => a
            .AddRecording(Channel, out sink)
            .ConfigureChannel(Channel, c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        using var host = builder.Build();
        var gate = new Gate();
        sink.Respond = gate.Respond;
        try
        {
            await host.StartAsync().WaitAsync(TimerClock.Guard);
            var publisher = host.Services.GetRequiredService<IAlertPublisher>();
            var events = Enumerable.Range(0, 3).Select(_ => Some.Problem()).ToArray();
            foreach (var e in events)
            {
                await publisher.PublishAsync(e);
            }

            await gate.WaitForEnteredAsync(1);
            var stopping = host.StopAsync();

            Assert.That(stopping.IsCompleted, Is.False, "the host waits for Alerting to drain");
            gate.Open();
            await stopping.WaitAsync(TimerClock.Guard);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(events.Select(e => e.Id)));
                Assert.That(host.Services.GetRequiredService<INotificationHistory>().GetRecent().Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            }
        }
        finally
        {
            gate.Open();
        }
    }
}
