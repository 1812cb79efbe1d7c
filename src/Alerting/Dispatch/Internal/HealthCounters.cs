using System.Collections.Concurrent;
using Alerting.Diagnostics;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// What <see cref="IAlertingHealth"/> reads of dispatch that nothing else counts: per channel, the final outcomes of the
/// last hour in one-minute buckets and the last failure's reason tag; the events dropped from a full queue and those
/// refused. Recorded with every outcome: a dictionary read and a short lock per channel, nothing allocated once the
/// channel has been seen.
/// </summary>
internal sealed class HealthCounters
{
    private const int Buckets = 60; // one per minute of AlertingHealthSnapshot.MaxWindow

    private readonly ConcurrentDictionary<string, ChannelCounts> _channels = new(StringComparer.Ordinal);
    private long _dropped;
    private long _lastDroppedTicks;
    private long _refused;
    private long _lastRefusedTicks;

    public long Dropped => Interlocked.Read(ref _dropped);

    public DateTimeOffset? LastDroppedAt => At(Interlocked.Read(ref _lastDroppedTicks));

    public long Refused => Interlocked.Read(ref _refused);

    public DateTimeOffset? LastRefusedAt => At(Interlocked.Read(ref _lastRefusedTicks));

    /// <summary>Counts a final outcome: delivered or failed for its channel (a failure because Alerting stopped is not the channel's), dropped for the queue.</summary>
    public void Record(DeliveryOutcome outcome)
    {
        switch (outcome.Status)
        {
            case DeliveryOutcomeStatus.Dropped:
                Interlocked.Increment(ref _dropped);
                Interlocked.Exchange(ref _lastDroppedTicks, outcome.Timestamp.UtcTicks);
                break;
            case DeliveryOutcomeStatus.Delivered or DeliveryOutcomeStatus.Failed when outcome.ChannelName is { } channel && outcome.ReasonTag != DeliveryReasonTags.Shutdown:
                _channels.GetOrAdd(channel, static _ => new ChannelCounts()).Add(outcome.Timestamp, outcome.Status == DeliveryOutcomeStatus.Failed, outcome.ReasonTag);
                break;
        }
    }

    /// <summary>Counts an event refused because the queue was full.</summary>
    public void EventRefused(DateTimeOffset at)
    {
        Interlocked.Increment(ref _refused);
        Interlocked.Exchange(ref _lastRefusedTicks, at.UtcTicks);
    }

    /// <summary>The channel's outcomes within <paramref name="window"/> up to <paramref name="now"/> (to the minute), and its last ones.</summary>
    public ChannelCountsRead Read(string channel, DateTimeOffset now, TimeSpan window) =>
        _channels.TryGetValue(channel, out var counts) ? counts.Read(now, window) : default;

    private static DateTimeOffset? At(long ticks) => ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);

    private sealed class ChannelCounts
    {
        private readonly object _lock = new();
        private readonly long[] _minutes = new long[Buckets];
        private readonly int[] _delivered = new int[Buckets];
        private readonly int[] _failed = new int[Buckets];
        private string? _lastFailureTag;
        private long _lastFailureTicks;
        private long _lastDeliveredTicks;

        public void Add(DateTimeOffset at, bool failed, string? reasonTag)
        {
            var minute = at.UtcTicks / TimeSpan.TicksPerMinute;
            var slot = (int)(minute % Buckets);
            lock (_lock)
            {
                if (minute < _minutes[slot])
                {
                    return; // recorded an hour late: outside every window
                }

                if (minute > _minutes[slot])
                {
                    _minutes[slot] = minute;
                    _delivered[slot] = 0;
                    _failed[slot] = 0;
                }

                if (failed)
                {
                    _failed[slot]++;
                    _lastFailureTag = reasonTag;
                    _lastFailureTicks = Math.Max(_lastFailureTicks, at.UtcTicks);
                }
                else
                {
                    _delivered[slot]++;
                    _lastDeliveredTicks = Math.Max(_lastDeliveredTicks, at.UtcTicks);
                }
            }
        }

        public ChannelCountsRead Read(DateTimeOffset now, TimeSpan window)
        {
            var last = now.UtcTicks / TimeSpan.TicksPerMinute;
            var first = last - Math.Clamp((long)Math.Ceiling(window.TotalMinutes), 1, Buckets) + 1;
            var delivered = 0;
            var failed = 0;
            lock (_lock)
            {
                for (var slot = 0; slot < Buckets; slot++)
                {
                    if (_minutes[slot] >= first && _minutes[slot] <= last)
                    {
                        delivered += _delivered[slot];
                        failed += _failed[slot];
                    }
                }

                return new ChannelCountsRead(delivered, failed, _lastFailureTag, At(_lastFailureTicks), At(_lastDeliveredTicks));
            }
        }
    }
}

/// <summary>A channel's outcomes within a window, and its last failure and delivery.</summary>
internal readonly record struct ChannelCountsRead(int Delivered, int Failed, string? LastFailureReasonTag, DateTimeOffset? LastFailureAt, DateTimeOffset? LastDeliveredAt);
