using System.Diagnostics.Metrics;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public class MetricsTests
{
    private const string Channel = "ops";

    public enum Scenario
    {
        Delivered,
        PermanentFailure,
        NotifierThrows,
        ChannelDisabled,
        ThresholdNotReached,
    }

    private static DispatchRig CreateRig(out RecordingSink sink, Action<ChannelOptions>? channel = null, Action<AlertRuleOptions>? rule = null)
    {
        RecordingSink created = null!;
        var rig = DispatchRig.Create(
            a => a
                .AddRecording(Channel, out created)
                .ConfigureChannel(Channel, c =>
                {
                    c.Retry.MaxAttempts = 1;
                    channel?.Invoke(c);
                })
                .AddRule("failures", r =>
                {
                    r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel);
                    rule?.Invoke(r);
                }),
            s => s.AddMetrics());
        sink = created;
        return rig;
    }

    private static MetricCollector<T> Collect<T>(DispatchRig rig, string instrument)
        where T : struct =>
        new(rig.Harness.Get<IMeterFactory>(), AlertingTelemetry.MeterName, instrument);

    [Test]
    public async Task EventsPublished_TwoEvents_CountedWithEventType()
    {
        await using var rig = CreateRig(out _);
        using var published = Collect<long>(rig, "alerting.events.published");

        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem(type: "backup.completed"));

        var measurements = published.GetMeasurementSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(measurements.Select(m => m.Value), Is.All.EqualTo(1));
            Assert.That(measurements.Select(m => m.Tags[AlertingTelemetryTags.EventType]), Is.EqualTo(new[] { AlertEventTypes.JobFailed, "backup.completed" }));
        }
    }

    [TestCase(Scenario.Delivered, "delivered", null)]
    [TestCase(Scenario.PermanentFailure, "failed", "permanent")]
    [TestCase(Scenario.NotifierThrows, "failed", "exception")]
    [TestCase(Scenario.ChannelDisabled, "skipped", "disabled")]
    [TestCase(Scenario.ThresholdNotReached, "suppressed", "threshold")]
    public async Task Notifications_Outcome_CountedWithBoundedTags(Scenario scenario, string outcome, string? reason)
    {
        await using var rig = CreateRig(
            out var sink,
            channel: c => c.Enabled = scenario != Scenario.ChannelDisabled,
            rule: r =>
            {
                if (scenario == Scenario.ThresholdNotReached)
                {
                    r.AfterCount(2, TimeSpan.FromMinutes(5));
                }
            });
        sink.Respond = scenario switch
        {
            Scenario.PermanentFailure => (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized")),
            Scenario.NotifierThrows => (_, _) => throw new InvalidOperationException("bug"),
            _ => sink.Respond,
        };
        using var notifications = Collect<long>(rig, "alerting.notifications");

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem(severity: AlertSeverity.Critical, message: "Disk full on db-7")).WaitAsync(TimerClock.Guard);

        var measurement = notifications.GetMeasurementSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(measurement.Value, Is.EqualTo(1));
            Assert.That(measurement.Tags.Keys, Is.EquivalentTo(new[]
            {
                AlertingTelemetryTags.Channel, AlertingTelemetryTags.Severity, AlertingTelemetryTags.Outcome, AlertingTelemetryTags.Reason,
            }));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Channel], Is.EqualTo(Channel));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Severity], Is.EqualTo("critical"));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Outcome], Is.EqualTo(outcome));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Reason], Is.EqualTo(reason));
            Assert.That(result.Outcomes.Single().ReasonTag, Is.EqualTo(reason), "the history carries the same tag");
            Assert.That(rig.History.GetRecent().Single().ReasonTag, Is.EqualTo(reason));
        }
    }

    [Test]
    public async Task DeliveryAttempts_TransientThenDelivered_CountsEachAttemptByChannel()
    {
        await using var rig = CreateRig(out var sink, channel: c => c.Retry.MaxAttempts = 3);
        var calls = 0;
        sink.Respond = (_, _) => ValueTask.FromResult(Interlocked.Increment(ref calls) == 1 ? DeliveryResult.Transient("503") : DeliveryResult.Delivered());
        using var attempts = Collect<long>(rig, "alerting.delivery.attempts");
        using var notifications = Collect<long>(rig, "alerting.notifications");

        await rig.PublishAndRunAsync(Some.Problem());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.GetMeasurementSnapshot().Select(m => (m.Value, m.Tags[AlertingTelemetryTags.Channel])), Is.EqualTo(new[] { (1L, (object?)Channel), (1L, Channel) }));
            Assert.That(notifications.GetMeasurementSnapshot(), Has.Count.EqualTo(1), "one notification, however many attempts");
        }
    }

    [TestCase(4, DeliveryStatus.Delivered)]
    [TestCase(4, DeliveryStatus.TransientFailure)]
    [TestCase(0, DeliveryStatus.TransientFailure)]
    public async Task DeliveryAttempts_NotifierThatRetriesInternally_CountsTheAttemptsItReportsAsTheOutcomeDoes(int reported, DeliveryStatus status)
    {
        // Issue 15: an HTTP channel whose pipeline made 4 requests counted 1, and a request an open circuit refused counted 1.
        await using var rig = CreateRig(out var sink);
        sink.Respond = (_, _) => ValueTask.FromResult(status == DeliveryStatus.Delivered
            ? DeliveryResult.Delivered(reported)
            : DeliveryResult.Transient("HTTP 500", attempts: reported));
        using var attempts = Collect<long>(rig, "alerting.delivery.attempts");

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(attempts.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(reported));
            Assert.That(result.Outcomes.Single().Attempts, Is.EqualTo(reported));
            Assert.That(rig.Harness.Get<INotificationHistory>().GetRecent().Single().Attempts, Is.EqualTo(reported));
        }
    }

    [Test]
    public async Task DeliveryDuration_NotifierTakesTwoSeconds_RecordedInSeconds()
    {
        await using var rig = CreateRig(out var sink);
        sink.Respond = (_, _) =>
        {
            rig.Clock.Advance(TimeSpan.FromSeconds(2));
            return ValueTask.FromResult(DeliveryResult.Delivered());
        };
        using var duration = Collect<double>(rig, "alerting.delivery.duration");

        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var measurement = duration.GetMeasurementSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(duration.Instrument!.Unit, Is.EqualTo("s"));
            Assert.That(measurement.Value, Is.EqualTo(2.0));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Channel], Is.EqualTo(Channel));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Outcome], Is.EqualTo("delivered"));
        }
    }

    [Test]
    public async Task QueueLength_RoutingBlocked_ReportsEventsWaiting()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Wait, queueCapacity: 10, services: s => s.AddMetrics());
        await using var rig = blocked.Rig;
        using var length = Collect<int>(rig, "alerting.queue.length");
        await blocked.BlockAsync();

        length.RecordObservableInstruments();
        var empty = length.LastMeasurement!.Value;
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        length.RecordObservableInstruments();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(empty, Is.Zero);
            Assert.That(length.LastMeasurement!.Value, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Notifications_EventDroppedFromFullQueue_CountedAsDroppedForQueueFull()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.DropOldest, queueCapacity: 1, services: s => s.AddMetrics());
        await using var rig = blocked.Rig;
        using var notifications = Collect<long>(rig, "alerting.notifications");
        await blocked.BlockAsync();

        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());

        var measurement = notifications.GetMeasurementSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(measurement.Tags[AlertingTelemetryTags.Outcome], Is.EqualTo("dropped"));
            Assert.That(measurement.Tags[AlertingTelemetryTags.Reason], Is.EqualTo("queue_full"));
        }
    }
}
