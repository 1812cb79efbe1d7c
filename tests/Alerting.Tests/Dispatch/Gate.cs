using Alerting.Notifiers;

namespace Alerting.Tests.Dispatch;

/// <summary>
/// A notifier answer (for <see cref="Support.RecordingSink.Respond"/>) that holds every call until <see cref="Open"/>,
/// counting how many calls are inside at once and letting a test wait for the n-th call to arrive.
/// </summary>
internal sealed class Gate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly List<string> _entered = [];
    private int _inside;
    private int _maxInside;

    /// <summary>Gets the most calls that were inside the gate at once.</summary>
    public int MaxInside => Volatile.Read(ref _maxInside);

    /// <summary>Gets the ids of the events whose calls have entered, in arrival order.</summary>
    public IReadOnlyList<string> Entered
    {
        get
        {
            lock (_waiters)
            {
                return [.. _entered];
            }
        }
    }

    public async ValueTask<DeliveryResult> Respond(Notification notification, CancellationToken cancellationToken)
    {
        var inside = Interlocked.Increment(ref _inside);
        InterlockedMax(ref _maxInside, inside);
        lock (_waiters)
        {
            _entered.Add(notification.Event.Id);
            foreach (var waiter in _waiters.Where(w => _entered.Count >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }

        try
        {
            await _open.Task;
            return DeliveryResult.Delivered();
        }
        finally
        {
            Interlocked.Decrement(ref _inside);
        }
    }

    /// <summary>Waits (bounded) until at least <paramref name="count"/> calls have entered the gate.</summary>
    public Task WaitForEnteredAsync(int count = 1)
    {
        lock (_waiters)
        {
            if (_entered.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(TimerClock.Guard);
        }
    }

    /// <summary>Lets every waiting and future call through.</summary>
    public void Open() => _open.TrySetResult();

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
