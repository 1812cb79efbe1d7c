using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class QueueFullTests
{
    [Test]
    public async Task PublishAsync_RejectModeAndQueueFull_ThrowsAlertQueueFullExceptionAndDeliversTheRest()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Reject);
        await using var rig = blocked.Rig;
        var accepted = (await blocked.BlockAsync()).ToList();
        var fourth = Some.Problem();
        var fifth = Some.Problem();
        await rig.Publisher.PublishAsync(fourth);
        var lastAccepted = rig.Publisher.PublishAndWaitAsync(fifth);
        accepted.AddRange([fourth, fifth]);
        var rejected = Some.Problem();

        Assert.That(async () => await rig.Publisher.PublishAsync(rejected), Throws.TypeOf<AlertQueueFullException>());
        blocked.Gate.Open();
        await lastAccepted.WaitAsync(TimerClock.Guard);
        Assert.That(blocked.Sink.Received.Select(n => n.Event.Id), Is.EqualTo(accepted.Select(e => e.Id)));
    }

    [Test]
    public async Task PublishAsync_DropOldestModeAndQueueFull_DropsOldestQueuedEventAndRecordsIt()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.DropOldest);
        await using var rig = blocked.Rig;
        var routed = await blocked.BlockAsync();
        var oldest = Some.Problem();
        var next = Some.Problem();
        var newest = Some.Problem();
        var oldestWaiter = rig.Publisher.PublishAndWaitAsync(oldest);
        await rig.Publisher.PublishAsync(next);

        var newestWaiter = rig.Publisher.PublishAndWaitAsync(newest);

        var dropped = (await oldestWaiter.WaitAsync(TimerClock.Guard)).Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dropped.Status, Is.EqualTo(DeliveryOutcomeStatus.Dropped));
            Assert.That(dropped.EventId, Is.EqualTo(oldest.Id));
            Assert.That(dropped.ChannelName, Is.Null);
            Assert.That(dropped.Reason, Is.Not.Empty);
            Assert.That(rig.History.GetRecent().Single(o => o.EventId == oldest.Id).Status, Is.EqualTo(DeliveryOutcomeStatus.Dropped));
        }

        blocked.Gate.Open();
        Assert.That((await newestWaiter.WaitAsync(TimerClock.Guard)).AllDelivered, Is.True);
        Assert.That(blocked.Sink.Received.Select(n => n.Event.Id), Is.EqualTo(routed.Append(next).Append(newest).Select(e => e.Id)));
    }

    [Test]
    public async Task PublishAsync_WaitModeAndQueueFull_CompletesOnceThereIsRoom()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Wait);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        var waiting = Some.Problem();

        var publishing = rig.Publisher.PublishAsync(waiting).AsTask();

        Assert.That(publishing.IsCompleted, Is.False, "the queue is full, so publishing waits");
        blocked.Gate.Open();
        await publishing.WaitAsync(TimerClock.Guard);
        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        Assert.That(blocked.Sink.Received.Select(n => n.Event.Id), Does.Contain(waiting.Id));
    }

    [Test]
    public async Task PublishAsync_WaitModeCancelledWhileWaiting_ThrowsAndEventIsNotDelivered()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Wait);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        var abandoned = Some.Problem();
        using var cts = new CancellationTokenSource();
        var publishing = rig.Publisher.PublishAsync(abandoned, cts.Token).AsTask();

        await cts.CancelAsync();

        Assert.That(async () => await publishing.WaitAsync(TimerClock.Guard), Throws.InstanceOf<OperationCanceledException>());
        blocked.Gate.Open();
        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        Assert.That(blocked.Sink.Received.Select(n => n.Event.Id), Does.Not.Contain(abandoned.Id));
    }

    [Test]
    public async Task PublishAsync_WaitModeWaitingWhenStopped_ThrowsInvalidOperationException()
    {
        var blocked = BlockedRouting.Create(QueueFullMode.Wait);
        await using var rig = blocked.Rig;
        await blocked.BlockAsync();
        await rig.Publisher.PublishAsync(Some.Problem());
        await rig.Publisher.PublishAsync(Some.Problem());
        var publishing = rig.Publisher.PublishAsync(Some.Problem()).AsTask();

        var stopping = rig.Dispatcher.StopAsync(CancellationToken.None);

        Assert.That(async () => await publishing.WaitAsync(TimerClock.Guard), Throws.TypeOf<InvalidOperationException>());
        blocked.Gate.Open();
        await stopping.WaitAsync(TimerClock.Guard);
        Assert.That(blocked.Sink.Received, Has.Count.EqualTo(5), "everything accepted before the stop is still delivered");
    }
}
