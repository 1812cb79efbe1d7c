using Alerting.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Diagnostics;

/// <summary>
/// The history as users see it: outcomes go to the <see cref="INotificationHistoryStore"/> (never failing delivery),
/// and reads come from it, summed up into statistics with the open incidents.
/// </summary>
internal sealed class NotificationHistory : INotificationHistory
{
    internal const string QueueChannel = "(queue)";
    private static readonly TimeSpan s_maxWindow = TimeSpan.FromHours(24);

    private readonly INotificationHistoryStore _store;
    private readonly IIncidentStore _incidents;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public NotificationHistory(int capacity, IIncidentStore incidents, TimeProvider time)
        : this(new InMemoryNotificationHistoryStore(Math.Max(1, capacity)), incidents, time)
    {
    }

    public NotificationHistory(INotificationHistoryStore store, IIncidentStore incidents, TimeProvider time, ILogger? logger = null)
    {
        _store = store;
        _incidents = incidents;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
    }

    public void Record(DeliveryOutcome outcome)
    {
#pragma warning disable CA1031 // A store's failure must not reach delivery: it is logged instead.
        try
        {
            _store.Append(outcome);
        }
        catch (Exception ex)
        {
            Log.HistoryAppendFailed(_logger, ex.GetType().Name);
        }
#pragma warning restore CA1031
    }

    public IReadOnlyList<DeliveryOutcome> GetRecent(int maxCount = 100) => Wait(GetRecentAsync(maxCount));

    public ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        return _store.GetRecentAsync(maxCount, cancellationToken);
    }

    public NotificationStatistics GetStatistics(TimeSpan? window = null) => Wait(GetStatisticsAsync(window));

    public ValueTask<NotificationStatistics> GetStatisticsAsync(TimeSpan? window = null, CancellationToken cancellationToken = default)
    {
        var span = window ?? s_maxWindow;
        if (span <= TimeSpan.Zero || span > s_maxWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive and at most 24 hours.");
        }

        return CountAsync(span, cancellationToken);
    }

    private async ValueTask<NotificationStatistics> CountAsync(TimeSpan span, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var lastMinute = InMemoryNotificationHistoryStore.MinuteOf(now);
        var since = DateTimeOffset.FromUnixTimeSeconds((lastMinute - (long)Math.Ceiling(span.TotalMinutes) + 1) * 60);
        var counts = await _store.GetCountsAsync(since, now, cancellationToken).ConfigureAwait(false);
        var byStatus = new Dictionary<DeliveryOutcomeStatus, long>();
        var byChannel = new Dictionary<string, Dictionary<DeliveryOutcomeStatus, long>>(StringComparer.OrdinalIgnoreCase);
        var bySeverity = new Dictionary<AlertSeverity, Dictionary<DeliveryOutcomeStatus, long>>();
        foreach (var (channel, severity, status, n) in counts)
        {
            if (n <= 0)
            {
                continue;
            }

            Add(byStatus, status, n);
            Add(GetOrAdd(byChannel, channel ?? QueueChannel), status, n);
            Add(GetOrAdd(bySeverity, severity), status, n);
        }

        return new NotificationStatistics(
            since,
            now,
            byStatus,
            byChannel.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<DeliveryOutcomeStatus, long>)p.Value, StringComparer.OrdinalIgnoreCase),
            bySeverity.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<DeliveryOutcomeStatus, long>)p.Value),
            _incidents.OpenCount);
    }

    /// <summary>The answer of a store read for the synchronous members: at once from an in-process store, else waited for.</summary>
    private static T Wait<T>(ValueTask<T> read) => read.IsCompletedSuccessfully ? read.Result : read.AsTask().GetAwaiter().GetResult();

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
}
