using Alerting.Rules.Internal;

namespace Alerting.Rules;

/// <summary>
/// Counts a rule's matches per dedup key in a sliding window, for the <see cref="InMemoryThresholdStore"/> (which locks
/// it). Keys whose matches have all left the window are swept now and then, so memory follows the active keys.
/// </summary>
internal sealed class RuleThreshold(int count, TimeSpan window)
{
    private const int SweepEvery = 4096;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _matches = new(StringComparer.Ordinal);
    private int _sinceSweep;

    public int Count { get; } = count;

    public TimeSpan Window { get; } = window;

    internal int TrackedKeys => _matches.Count;

    /// <summary>Records a match; returns whether it completes the threshold (and then starts counting again).</summary>
    public bool Record(string key, DateTimeOffset at, out int seen)
    {
        if (++_sinceSweep >= SweepEvery)
        {
            Sweep(at);
        }

        if (!_matches.TryGetValue(key, out var times))
        {
            times = new Queue<DateTimeOffset>(Count);
            _matches.Add(key, times);
        }

        Expire(times, at);
        times.Enqueue(at);
        seen = times.Count;
        if (seen < Count)
        {
            return false;
        }

        _matches.Remove(key);
        return true;
    }

    private void Expire(Queue<DateTimeOffset> times, DateTimeOffset now)
    {
        while (times.TryPeek(out var oldest) && now - oldest >= Window)
        {
            times.Dequeue();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        _sinceSweep = 0;
        foreach (var (key, times) in _matches)
        {
            Expire(times, now);
            if (times.Count == 0)
            {
                _matches.Remove(key);
            }
        }
    }
}
