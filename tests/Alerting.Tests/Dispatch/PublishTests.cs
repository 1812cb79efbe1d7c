using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class PublishTests
{
    private const string Channel = "ops";

    [Test]
    public async Task PublishAsync_NotifierBlocked_CompletesBeforeDelivery()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a.AddRecording(Channel, out ops).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        var gate = rig.NewGate();
        ops.Respond = gate.Respond;
        var alert = Some.Problem();

        var publishing = rig.Publisher.PublishAsync(alert);

        Assert.That(publishing.IsCompletedSuccessfully, Is.True, "PublishAsync must only queue the event");
        await gate.WaitForEnteredAsync(1);
        Assert.That(rig.History.GetRecent(), Is.Empty, "the notifier is still blocked, so nothing is delivered yet");

        gate.Open();
        await rig.Dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimerClock.Guard);
        Assert.That(rig.History.GetRecent().Select(o => (o.EventId, o.Status)), Is.EqualTo(new[] { (alert.Id, DeliveryOutcomeStatus.Delivered) }));
    }

    [Test]
    public async Task PublishAndWaitAsync_EventWithoutTimestampOrEnvironment_StampsClockTimeAndConfiguredEnvironment()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .Configure(o => o.Environment = "staging")
            .AddRecording(Channel, out ops)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        rig.Clock.Advance(TimeSpan.FromMinutes(17));
        var alert = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full");

        var result = await rig.Publisher.PublishAndWaitAsync(alert).WaitAsync(TimerClock.Guard);

        var expected = TimerClock.Epoch.AddMinutes(17);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event.Timestamp, Is.EqualTo(expected));
            Assert.That(result.Event.Environment, Is.EqualTo("staging"));
            Assert.That(ops.Received.Single().Event.Timestamp, Is.EqualTo(expected));
            Assert.That(ops.Received.Single().Event.Environment, Is.EqualTo("staging"));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_EventWithTimestampAndEnvironment_KeepsBoth()
    {
        await using var rig = DispatchRig.Create(a => a
            .Configure(o => o.Environment = "staging")
            .AddRecording(Channel, out _)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        rig.Clock.Advance(TimeSpan.FromHours(3));
        var alert = Some.Problem(environment: "production");

        var result = await rig.Publisher.PublishAndWaitAsync(alert).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Event.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero)));
            Assert.That(result.Event.Environment, Is.EqualTo("production"));
        }
    }

    [Test]
    public async Task PublishMethods_NullEvent_ThrowArgumentNullException()
    {
        await using var rig = DispatchRig.Create(a => a.AddRecording(Channel, out _).AddRule("all", r => r.Notify(Channel)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(async () => await rig.Publisher.PublishAsync(null!), Throws.ArgumentNullException);
            Assert.That(async () => await rig.Publisher.PublishAndWaitAsync(null!), Throws.ArgumentNullException);
        }
    }
}
