namespace Alerting.Dispatch.Internal;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/> (so tests drive it with a fake clock): holds at most
/// <c>capacity</c> permits and refills them evenly over <c>period</c>. Callers reserve a permit at once and wait until it
/// is theirs, so waiters are served in arrival order and none is ever dropped.
/// </summary>
internal sealed class TokenBucket
{
    private readonly int _capacity;
    private readonly double _ticksPerPermit;
    private readonly TimeProvider _time;
    private readonly object _lock = new();
    private double _permits;
    private long _updated;

    public TokenBucket(int capacity, TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _capacity = capacity;
        _ticksPerPermit = period.Ticks / (double)capacity;
        _time = time;
        _permits = capacity;
        _updated = time.GetTimestamp();
    }

    /// <summary>The bucket for a channel: its own settings first, then the provider's rate; <see langword="null"/> for no limit.</summary>
    public static TokenBucket? For(ChannelRateLimitOptions options, Notifiers.NotifierCapabilities capabilities, TimeProvider time)
    {
        var permits = options.PermitLimit ?? capabilities.RateLimit;
        return permits is > 0 and var limit ? new TokenBucket(limit, options.Period ?? capabilities.RatePeriod, time) : null;
    }

    /// <summary>Takes a permit, waiting (on the time provider) until one is free.</summary>
    public ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        var wait = Reserve();
        return wait <= TimeSpan.Zero ? ValueTask.CompletedTask : new ValueTask(Task.Delay(wait, _time, cancellationToken));
    }

    /// <summary>Takes a permit and returns how long until it may be used (zero when one was in the bucket).</summary>
    internal TimeSpan Reserve()
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            _permits = Math.Min(_capacity, _permits + (_time.GetElapsedTime(_updated, now).Ticks / _ticksPerPermit));
            _updated = now;
            _permits--;
            return _permits >= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(-_permits * _ticksPerPermit));
        }
    }
}
