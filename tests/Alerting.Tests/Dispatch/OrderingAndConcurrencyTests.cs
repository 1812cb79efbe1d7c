using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class OrderingAndConcurrencyTests
{
    private const string Channel = "ops";

    private static DispatchRig CreateRig(int maxConcurrency, out RecordingSink sink)
    {
        RecordingSink created = null!;
        var rig = DispatchRig.Create(a => a
            .AddRecording(Channel, out created)
            .ConfigureChannel(Channel, c => c.MaxConcurrency = maxConcurrency)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        sink = created;
        return rig;
    }

    [Test]
    public async Task PublishAsync_ChannelWithMaxConcurrencyOne_Receives200EventsInPublishOrder()
    {
        await using var rig = CreateRig(1, out var sink);
        sink.Respond = async (_, _) =>
        {
            // Give up the thread so that a second worker, if there were one, would overtake.
            await Task.Yield();
            return DeliveryResult.Delivered();
        };
        var events = Enumerable.Range(0, 200).Select(i => Some.Problem(message: $"event {i}")).ToArray();

        var waits = events.Select(e => rig.Publisher.PublishAndWaitAsync(e)).ToArray();
        await Task.WhenAll(waits).WaitAsync(TimerClock.Guard);

        Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(events.Select(e => e.Id)));
    }

    [Test]
    public async Task PublishAsync_ChannelWithMaxConcurrencyThree_NeverHasMoreThanThreeCallsInFlight()
    {
        await using var rig = CreateRig(3, out var sink);
        var gate = rig.NewGate();
        sink.Respond = gate.Respond;
        var events = Enumerable.Range(0, 10).Select(_ => Some.Problem()).ToArray();

        var waits = events.Select(e => rig.Publisher.PublishAndWaitAsync(e)).ToArray();
        await gate.WaitForEnteredAsync(3);

        // Settled: every event is inside the gate or waiting in the channel's queue (none between the two), and the
        // thread pool has started everything queued on it, so a surplus worker woken by the writes would have shown.
        var queue = rig.Dispatcher.EnsureStarted().Channels[Channel].Queue;
        await WaitUntilAsync(() => ThreadPool.PendingWorkItemCount == 0 && gate.Entered.Count + queue.Count == events.Length);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gate.Entered, Has.Count.EqualTo(3), "only three calls may start while the first three are held");
            Assert.That(queue.Count, Is.EqualTo(7));
        }

        gate.Open();
        var results = await Task.WhenAll(waits).WaitAsync(TimerClock.Guard);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(gate.MaxInside, Is.EqualTo(3));
            Assert.That(sink.Received, Has.Count.EqualTo(10));
            Assert.That(results.Select(r => r.Outcomes.Single().Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimerClock.Guard);
        while (!condition())
        {
            guard.Token.ThrowIfCancellationRequested();
            await Task.Yield();
        }
    }
}
