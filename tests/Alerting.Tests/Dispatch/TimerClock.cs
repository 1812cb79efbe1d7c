using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Dispatch;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that reports every timer the code under test creates (a retry delay, a delivery
/// timeout, a drain deadline), so a test advances the clock only once the timer it means to fire exists.
/// Without this, an <see cref="FakeTimeProvider.Advance"/> racing ahead of the background worker would be lost.
/// </summary>
internal sealed class TimerClock : FakeTimeProvider
{
    /// <summary>How long a test waits for a background result before failing loudly instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    public static readonly DateTimeOffset Epoch = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly object _lock = new();
    private readonly List<TimeSpan> _created = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _consumed;

    public TimerClock()
        : base(Epoch)
    {
    }

    /// <summary>Gets the due times of every timer created so far, in creation order.</summary>
    public IReadOnlyList<TimeSpan> Created
    {
        get
        {
            lock (_lock)
            {
                return [.. _created];
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            TaskCompletionSource changed;
            lock (_lock)
            {
                _created.Add(dueTime);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        return timer;
    }

    /// <summary>Waits for the next timer not yet handed out and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_consumed < _created.Count)
                {
                    return _created[_consumed++];
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(Guard, cancellationToken);
        }
    }

    /// <summary>Waits for the next timer and advances the clock by its due time, firing it.</summary>
    public async Task<TimeSpan> FireNextTimerAsync()
    {
        var due = await NextTimerAsync();
        Advance(due);
        return due;
    }

    /// <summary>
    /// Fires each timer as it is created until <paramref name="task"/> completes; each wait is bounded by <see cref="Guard"/>.
    /// Fires delivery timeouts too, so use it only with notifiers that answer synchronously or hang.
    /// </summary>
    public async Task<T> RunUntilAsync<T>(Task<T> task)
    {
        while (!task.IsCompleted)
        {
            Task changed;
            TimeSpan? due = null;
            lock (_lock)
            {
                if (_consumed < _created.Count)
                {
                    due = _created[_consumed++];
                }

                changed = _changed.Task;
            }

            if (due is { } d)
            {
                Advance(d);
                continue;
            }

            await Task.WhenAny(task, changed).WaitAsync(Guard);
        }

        return await task;
    }
}
