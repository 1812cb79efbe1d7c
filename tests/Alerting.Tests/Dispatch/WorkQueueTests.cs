using System.Threading.Channels;
using Alerting.Dispatch.Internal;
using Alerting.Dispatch;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public sealed class WorkQueueTests
{
    [Test]
    public void TryWrite_Full_ReturnsFalseAndKeepsWhatItHas()
    {
        var queue = Filled(capacity: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(queue.TryWrite(99), Is.False);
            Assert.That(queue.Count, Is.EqualTo(3));
            Assert.That(ReadAll(queue), Is.EqualTo(new[] { 0, 1, 2 }));
        }
    }

    [Test]
    public async Task WriteAsync_Full_ResumesOnlyOnceTheQueueIsDrainedToHalf()
    {
        var queue = Filled(capacity: 4);

        var write = queue.WriteAsync(4, CancellationToken.None).AsTask();
        queue.TryRead(out _);
        await Task.Yield();
        Assert.That(write.IsCompleted, Is.False, "one free place of four is not yet half");

        queue.TryRead(out _);
        await write.WaitAsync(TimerClock.Guard);

        Assert.That(ReadAll(queue), Is.EqualTo(new[] { 2, 3, 4 }));
    }

    [Test]
    public async Task WriteAsync_ManyWritersWaiting_AllGetThroughAsTheReaderDrains()
    {
        var queue = Filled(capacity: 2);
        var writes = Enumerable.Range(10, 50).Select(i => queue.WriteAsync(i, CancellationToken.None).AsTask()).ToArray();

        var read = new List<int>();
        while (read.Count < 52)
        {
            await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(TimerClock.Guard);
            while (queue.TryRead(out var item))
            {
                read.Add(item);
            }
        }

        await Task.WhenAll(writes).WaitAsync(TimerClock.Guard);
        Assert.That(read.Order(), Is.EqualTo(Enumerable.Range(0, 2).Concat(Enumerable.Range(10, 50))));
    }

    [Test]
    public async Task Complete_FailsWaitingWritersAndLetsReadersTakeWhatIsLeft()
    {
        var queue = Filled(capacity: 2);
        var write = queue.WriteAsync(2, CancellationToken.None).AsTask();

        queue.Complete();

        Assert.ThrowsAsync<ChannelClosedException>(() => write.WaitAsync(TimerClock.Guard));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(queue.TryWrite(3), Is.False);
            Assert.That(ReadAll(queue), Is.EqualTo(new[] { 0, 1 }));
        }

        Assert.That(await queue.WaitToReadAsync(CancellationToken.None), Is.False);
    }

    [Test]
    public void WriteAsync_CancelledWhileWaiting_ThrowsAndWritesNothing()
    {
        var queue = Filled(capacity: 1);
        using var cancel = new CancellationTokenSource();
        var write = queue.WriteAsync(1, cancel.Token).AsTask();

        cancel.Cancel();

        Assert.That(() => write.WaitAsync(TimerClock.Guard), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(ReadAll(queue), Is.EqualTo(new[] { 0 }));
    }

    [Test]
    public void TryWrite_FullWithDropOldest_HandsTheOldestToTheCallbackAndKeepsOrder()
    {
        var dropped = new List<int>();
        var queue = new WorkQueue<int>(3, singleReader: true, dropped.Add);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(queue.TryWrite(i), Is.True);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dropped, Is.EqualTo(new[] { 0, 1 }));
            Assert.That(ReadAll(queue), Is.EqualTo(new[] { 2, 3, 4 }));
        }
    }

    [Test]
    public async Task ManyWritersOneReader_EveryItemArrivesOnceInEachWritersOrder()
    {
        const int Writers = 4;
        const int PerWriter = 20_000;
        var queue = new WorkQueue<(int Writer, int Item)>(8, singleReader: true);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                await queue.WriteAsync((w, i), CancellationToken.None);
            }
        })).ToArray();

        var next = new int[Writers];
        var reader = Task.Run(async () =>
        {
            for (var total = 0; total < Writers * PerWriter;)
            {
                await queue.WaitToReadAsync(CancellationToken.None);
                while (queue.TryRead(out var item))
                {
                    Assert.That(item.Item, Is.EqualTo(next[item.Writer]), $"writer {item.Writer}");
                    next[item.Writer]++;
                    total++;
                }
            }
        });

        await Task.WhenAll([.. writers, reader]).WaitAsync(TimerClock.Guard);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(next, Is.All.EqualTo(PerWriter));
            Assert.That(queue.Count, Is.Zero);
        }
    }

    private static WorkQueue<int> Filled(int capacity)
    {
        var queue = new WorkQueue<int>(capacity, singleReader: true);
        for (var i = 0; i < capacity; i++)
        {
            Assert.That(queue.TryWrite(i), Is.True);
        }

        return queue;
    }

    private static List<int> ReadAll(WorkQueue<int> queue)
    {
        var items = new List<int>();
        while (queue.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }
}
