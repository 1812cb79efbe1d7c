using Alerting.Incidents;
using Microsoft.Extensions.Options;

namespace Alerting.Diagnostics;

/// <summary>
/// A ring of the latest outcomes plus per-minute counters for the last 24 hours, keyed by channel, severity and status.
/// Recording takes one short lock and allocates nothing once a key has been seen.
/// </summary>
internal sealed class NotificationHistory : INotificationHistory
{
    internal const string QueueChannel = "(queue)";
    private const int Minutes = 24 * 60;
    private static readonly TimeSpan s_maxWindow = TimeSpan.FromMinutes(Minutes);

    private readonly TimeProvider _time;
    private readonly DeliveryOutcome?[] _ring;
    private readonly Dictionary<(string Channel, AlertSeverity Severity, DeliveryOutcomeStatus Status), MinuteCounts> _counts = [];
    private readonly object _lock = new();
    private long _written;

    private readonly IIncidentStore _incidents;

    public NotificationHistory(int capacity, IIncidentStore incidents, TimeProvider time)
    {
        _time = time;
        _incidents = incidents;
        _ring = new DeliveryOutcome?[Math.Max(1, capacity)];
    }

    public void Record(DeliveryOutcome outcome)
    {
        var minute = outcome.Timestamp.ToUnixTimeSeconds() / 60;
        var key = (outcome.ChannelName ?? QueueChannel, outcome.Severity, outcome.Status);
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

    public IReadOnlyList<DeliveryOutcome> GetRecent(int maxCount = 100)
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

            return result;
        }
    }

    public NotificationStatistics GetStatistics(TimeSpan? window = null)
    {
        var span = window ?? s_maxWindow;
        if (span <= TimeSpan.Zero || span > s_maxWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive and at most 24 hours.");
        }

        var now = _time.GetUtcNow();
        var lastMinute = now.ToUnixTimeSeconds() / 60;
        var firstMinute = lastMinute - (long)Math.Ceiling(span.TotalMinutes) + 1;
        var byStatus = new Dictionary<DeliveryOutcomeStatus, long>();
        var byChannel = new Dictionary<string, Dictionary<DeliveryOutcomeStatus, long>>(StringComparer.OrdinalIgnoreCase);
        var bySeverity = new Dictionary<AlertSeverity, Dictionary<DeliveryOutcomeStatus, long>>();
        lock (_lock)
        {
            foreach (var ((channel, severity, status), counts) in _counts)
            {
                var n = counts.Sum(firstMinute, lastMinute);
                if (n == 0)
                {
                    continue;
                }

                Add(byStatus, status, n);
                Add(GetOrAdd(byChannel, channel), status, n);
                Add(GetOrAdd(bySeverity, severity), status, n);
            }
        }

        return new NotificationStatistics(
            DateTimeOffset.FromUnixTimeSeconds(firstMinute * 60),
            now,
            byStatus,
            byChannel.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<DeliveryOutcomeStatus, long>)p.Value, StringComparer.OrdinalIgnoreCase),
            bySeverity.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<DeliveryOutcomeStatus, long>)p.Value),
            _incidents.OpenCount);
    }

    private static void Add<TKey>(Dictionary<TKey, long> counts, TKey key, long n)
        where TKey : notnull => counts[key] = counts.GetValueOrDefault(key) + n;

    private static Dictionary<DeliveryOutcomeStatus, long> GetOrAdd<TKey>(Dictionary<TKey, Dictionary<DeliveryOutcomeStatus, long>> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var inner))
        {
            inner = [];
            map.Add(key, inner);
        }

        return inner;
    }

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
