using Microsoft.Extensions.Time.Testing;

namespace Alerting.Testing.Internal;

/// <summary>
/// The <see cref="TimeProvider"/> the app gets in a test: it reads a <see cref="FakeTimeProvider"/> and creates its
/// timers there, and keeps each timer's next due time, so that the harness can move the clock from one timer to the
/// next and let the work each one starts finish before the next fires.
/// </summary>
/// <remarks>
/// A due time is kept as the clock's time plus the timer's due time, never earlier than the fake clock's own (which
/// counts whole milliseconds), so moving the clock to it fires the timer. A timer armed while another thread moved the
/// clock may be due earlier than kept; <see cref="ForgetPassed"/> drops such a time once the clock has passed it.
/// </remarks>
internal sealed class SteppingTimeProvider(FakeTimeProvider clock) : TimeProvider
{
    private readonly object _lock = new();
    private readonly Dictionary<SteppedTimer, DateTimeOffset> _armed = [];

    /// <summary>Gets the fake clock this provider reads.</summary>
    public FakeTimeProvider Clock => clock;

    public override TimeZoneInfo LocalTimeZone => clock.LocalTimeZone;

    public override long TimestampFrequency => clock.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

    public override long GetTimestamp() => clock.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The earliest time a timer created here is due, if one is armed.</summary>
    public DateTimeOffset? NextDue()
    {
        lock (_lock)
        {
            DateTimeOffset? next = null;
            foreach (var due in _armed.Values)
            {
                if (next is not { } earliest || due < earliest)
                {
                    next = due;
                }
            }

            return next;
        }
    }

    /// <summary>Forgets the due times the clock has passed without firing their timer (see the remarks).</summary>
    public void ForgetPassed()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var (timer, due) in _armed.ToList())
            {
                if (due <= now)
                {
                    _armed.Remove(timer);
                }
            }
        }
    }

    private void Arm(SteppedTimer timer, TimeSpan dueTime)
    {
        lock (_lock)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                _armed.Remove(timer);
            }
            else
            {
                _armed[timer] = clock.GetUtcNow() + dueTime;
            }
        }
    }

    /// <summary>A timer of the fake clock whose next due time the provider keeps.</summary>
    private sealed class SteppedTimer : ITimer
    {
        private readonly SteppingTimeProvider _owner;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _inner;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public SteppedTimer(SteppingTimeProvider owner, TimerCallback callback, object? state)
        {
            _owner = owner;
            _callback = callback;
            _state = state;
            _inner = owner.Clock.CreateTimer(static self => ((SteppedTimer)self!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _period = period;
            _owner.Arm(this, dueTime);
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            _owner.Arm(this, Timeout.InfiniteTimeSpan);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Fire()
        {
            _owner.Arm(this, _period == TimeSpan.Zero ? Timeout.InfiniteTimeSpan : _period);
            _callback(_state);
        }
    }
}
