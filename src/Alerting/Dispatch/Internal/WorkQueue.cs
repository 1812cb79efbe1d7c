using System.Threading.Channels;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// A bounded queue between two stages of dispatch (publishers and the router, the router and a channel's workers):
/// an unbounded channel, whose reads take no lock, with a count of its own. A writer that finds the queue full waits
/// until the readers have drained it to half its capacity. Under sustained load a full queue therefore wakes its
/// writers once per half a queue rather than once per item read, which on a machine with few cores turns a ping-pong
/// between two threads into batches.
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class WorkQueue<T>
{
    private readonly Channel<T> _items;
    private readonly int _capacity;
    private readonly int _resumeAt;
    private readonly Action<T>? _dropOldest;
    private readonly object _gate = new();
    private TaskCompletionSource? _room;
    private int _count;
    private volatile bool _completed;

    /// <summary>Creates a queue.</summary>
    /// <param name="capacity">How many items it holds at most.</param>
    /// <param name="singleReader">Whether one reader at a time reads it.</param>
    /// <param name="dropOldest">When set, a write to a full queue takes out the oldest item and gives it to this instead of failing.</param>
    public WorkQueue(int capacity, bool singleReader, Action<T>? dropOldest = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _resumeAt = capacity / 2;
        _dropOldest = dropOldest;

        // Dropping the oldest item reads from the writer's side too.
        _items = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = singleReader && dropOldest is null });
    }

    /// <summary>Gets how many items are queued.</summary>
    public int Count => Math.Min(Volatile.Read(ref _count), _capacity); // writers count themselves in before they look


    /// <summary>Queues <paramref name="item"/> if there is room (or, dropping the oldest, always); false when full or completed.</summary>
    public bool TryWrite(T item)
    {
        while (!_completed)
        {
            if (Interlocked.Increment(ref _count) <= _capacity)
            {
                if (_items.Writer.TryWrite(item))
                {
                    return true;
                }

                Interlocked.Decrement(ref _count); // completed meanwhile
                return false;
            }

            Interlocked.Decrement(ref _count);
            if (_dropOldest is not { } drop || !TryRead(out var oldest))
            {
                return false;
            }

            drop(oldest);
        }

        return false;
    }

    /// <summary>Queues <paramref name="item"/>, waiting for room (the queue drained to half) as often as it is full.</summary>
    /// <exception cref="ChannelClosedException">The queue was completed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask WriteAsync(T item, CancellationToken cancellationToken)
    {
        while (!TryWrite(item))
        {
            if (_completed)
            {
                throw new ChannelClosedException();
            }

            await WaitForRoomAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the oldest item, if any.</summary>
    public bool TryRead(out T item)
    {
        if (!_items.Reader.TryRead(out item!))
        {
            return false;
        }

        // The decrement is a full fence: either this read sees a writer's request for room, or that writer sees the count.
        if (Interlocked.Decrement(ref _count) <= _resumeAt && Volatile.Read(ref _room) is not null)
        {
            MakeRoom();
        }

        return true;
    }

    /// <summary>Waits until there is an item to read (true) or the queue is completed and empty (false).</summary>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken) => _items.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>Takes no more items; waiting writers fail, readers read what is left.</summary>
    public void Complete()
    {
        _completed = true;
        _items.Writer.TryComplete();
        MakeRoom();
    }

    private Task WaitForRoomAsync()
    {
        TaskCompletionSource room;
        lock (_gate)
        {
            room = _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Readers that drained the queue before the request was visible to them did not make room: look again.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _count) <= _resumeAt || _completed)
        {
            MakeRoom();
        }

        return room.Task;
    }

    private void MakeRoom()
    {
        TaskCompletionSource? room;
        lock (_gate)
        {
            room = _room;
            _room = null;
        }

        room?.TrySetResult();
    }
}
