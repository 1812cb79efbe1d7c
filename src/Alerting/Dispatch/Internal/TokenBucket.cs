namespace Alerting.Dispatch.Internal;

/// <summary>
/// A token bucket for the <see cref="InMemoryRateLimitStore"/>: holds at most <see cref="Capacity"/> permits and refills
/// them evenly over <see cref="Period"/>, on the times its callers pass. Callers reserve a permit at once and wait until
/// it is theirs, so waiters are served in arrival order and none is ever dropped.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _ticksPerPermit;
    private readonly object _lock = new();
    private double _permits;
    private DateTimeOffset? _updated;

    public TokenBucket(int capacity, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        Capacity = capacity;
        Period = period;
        _ticksPerPermit = period.Ticks / (double)capacity;
        _permits = capacity;
    }

    public int Capacity { get; }

    public TimeSpan Period { get; }

    /// <summary>Takes a permit at <paramref name="now"/> and returns how long until it may be used (zero when one was in the bucket). A clock that went back refills nothing.</summary>
    public TimeSpan Reserve(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_updated is { } updated && now > updated)
            {
                _permits = Math.Min(Capacity, _permits + ((now - updated).Ticks / _ticksPerPermit));
            }

            if (_updated is null || now > _updated)
            {
                _updated = now;
            }

            _permits--;
            return _permits >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-_permits * _ticksPerPermit));
        }
    }
}
