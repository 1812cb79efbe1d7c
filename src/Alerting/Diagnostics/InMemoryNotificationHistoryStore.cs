namespace Alerting.Diagnostics;

/// <summary>
/// The default, in-process notification history: a ring of the latest outcomes plus per-minute counters for the last
/// 24 hours, keyed by channel, severity and status. Appending takes one short lock and allocates nothing once a key
/// has been seen; memory is the ring plus some 23 KB per channel, severity and status seen.
/// </summary>
public sealed class InMemoryNotificationHistoryStore : INotificationHistoryStore
{
    private const int Minutes = 24 * 60;

    private readonly DeliveryOutcome?[] _ring;
    private readonly Dictionary<(string? Channel, AlertSeverity Severity, DeliveryOutcomeStatus Status), MinuteCounts> _counts = [];
    private readonly object _lock = new();
    private long _written;

    /// <summary>A history keeping the latest <paramref name="capacity"/> outcomes.</summary>
    /// <param name="capacity">How many outcomes to keep (at least 1); <c>AlertingOptions.HistoryCapacity</c> when registered by <c>AddAlerting</c>.</param>
    public InMemoryNotificationHistoryStore(int capacity = 1_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new DeliveryOutcome?[capacity];
    }

    /// <inheritdoc />
    public void Append(DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var minute = MinuteOf(outcome.Timestamp);
        var key = (outcome.ChannelName, outcome.Severity, outcome.Status);
        lock (_lock)
        {
            _ring[_written++ % _ring.Length] = outcome;
            if (!_counts.TryGetValue(key, out var counts))
            {
                counts = new MinuteCounts();
                _counts.Add(key, counts);
            }

            counts.Add(minute);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        lock (_lock)
        {
            var count = (int)Math.Min(Math.Min(maxCount, _ring.Length), _written);
            var result = new DeliveryOutcome[count];
            for (var i = 0; i < count; i++)
            {
                result[i] = _ring[(_written - 1 - i) % _ring.Length]!;
            }

            return new(result);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        var firstMinute = MinuteOf(since);
        var lastMinute = MinuteOf(until);
        var result = new List<NotificationCount>();
        lock (_lock)
        {
            foreach (var ((channel, severity, status), counts) in _counts)
            {
                if (counts.Sum(firstMinute, lastMinute) is > 0 and var n)
                {
                    result.Add(new NotificationCount(channel, severity, status, n));
                }
            }
        }

        return new(result);
    }

    internal static long MinuteOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    /// <summary>Counts per minute over the last 24 hours, in a ring indexed by minute number.</summary>
    private sealed class MinuteCounts
    {
        private readonly long[] _minute = new long[Minutes];
        private readonly long[] _count = new long[Minutes];

        public void Add(long minute)
        {
            var slot = (int)(minute % Minutes);
            if (_minute[slot] != minute)
            {
                _minute[slot] = minute;
                _count[slot] = 0;
            }

            _count[slot]++;
        }

        public long Sum(long firstMinute, long lastMinute)
        {
            long total = 0;
            for (var slot = 0; slot < Minutes; slot++)
            {
                var minute = _minute[slot];
                if (minute >= firstMinute && minute <= lastMinute)
                {
                    total += _count[slot];
                }
            }

            return total;
        }
    }
}
