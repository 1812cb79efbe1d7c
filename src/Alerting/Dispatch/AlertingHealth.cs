using Alerting.Diagnostics;
using Alerting.Dispatch.Internal;

namespace Alerting.Dispatch;

/// <summary>
/// <see cref="IAlertingHealth"/>: reads dispatch's queue and counters, each channel of the configuration in force with
/// its circuit breaker, and the shared store's status when one is registered. Reads only; never starts dispatch.
/// </summary>
/// <param name="dispatcher">The dispatch whose state is read.</param>
/// <param name="circuits">The circuit state of a channel by name.</param>
/// <param name="store">The shared store's status, if any.</param>
/// <param name="time">The clock of the snapshot and its window.</param>
internal sealed class AlertingHealth(AlertDispatcher dispatcher, Func<string, ChannelCircuitState> circuits, ISharedStoreStatus? store, TimeProvider time) : IAlertingHealth
{
    public AlertingHealthSnapshot GetSnapshot(TimeSpan? window = null)
    {
        var span = window ?? AlertingHealthSnapshot.DefaultWindow;
        if (span <= TimeSpan.Zero || span > AlertingHealthSnapshot.MaxWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive and at most one hour.");
        }

        var now = time.GetUtcNow();
        var counters = dispatcher.Counters;
        var settings = dispatcher.Settings;
        return new AlertingHealthSnapshot
        {
            Timestamp = now,
            Window = span,
            State = dispatcher.State,
            QueueLength = dispatcher.QueueLength,
            QueueCapacity = settings.QueueCapacity,
            QueueFullMode = settings.QueueFullMode,
            DroppedEvents = counters.Dropped,
            LastDroppedAt = counters.LastDroppedAt,
            RefusedEvents = counters.Refused,
            LastRefusedAt = counters.LastRefusedAt,
            OutboxBacklog = dispatcher.OutboxBacklog,
            Channels = dispatcher.Running is { } running
                ? [.. running.Channels.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => Channel(c, counters.Read(c.Name, now, span)))]
                : [],
            SharedStore = store is null ? null : new SharedStoreHealth
            {
                StoreName = store.StoreName,
                IsReachable = store.IsReachable,
                UnreachableSince = store.UnreachableSince,
                LocalDecisions = store.LocalDecisions,
            },
        };
    }

    private ChannelHealth Channel(DeliveryChannel channel, ChannelCountsRead counts) => new()
    {
        Name = channel.Name,
        Circuit = circuits(channel.Name),
        QueueLength = channel.Queue.Count,
        QueueCapacity = channel.Options.QueueCapacity,
        Delivered = counts.Delivered,
        Failed = counts.Failed,
        LastFailureReasonTag = counts.LastFailureReasonTag,
        LastFailureAt = counts.LastFailureAt,
        LastDeliveredAt = counts.LastDeliveredAt,
    };
}
