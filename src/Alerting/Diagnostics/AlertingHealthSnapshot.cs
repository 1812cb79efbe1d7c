namespace Alerting.Diagnostics;

/// <summary>
/// The state of Alerting itself at one time (<see cref="IAlertingHealth.GetSnapshot"/>): whether dispatch runs, how full
/// the event queue is and what it dropped or refused, each channel, the outbox backlog and the shared store. It holds
/// names, counts, times and reason tags only, never a channel's options or a provider's reason text.
/// </summary>
public sealed class AlertingHealthSnapshot
{
    /// <summary>The window of recent outcomes when none is given: five minutes.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);

    /// <summary>The longest window of recent outcomes: one hour.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(1);

    /// <summary>Gets when the snapshot was taken, on Alerting's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets how far back the channels' <see cref="ChannelHealth.Delivered"/> and <see cref="ChannelHealth.Failed"/> are counted.</summary>
    public TimeSpan Window { get; init; }

    /// <summary>Gets whether dispatch runs.</summary>
    public AlertingDispatchState State { get; init; }

    /// <summary>Gets how many accepted events wait to be routed.</summary>
    public int QueueLength { get; init; }

    /// <summary>Gets how many events the queue holds at most (<see cref="AlertingOptions.QueueCapacity"/>).</summary>
    public int QueueCapacity { get; init; }

    /// <summary>Gets what publishing does when the queue is full.</summary>
    public QueueFullMode QueueFullMode { get; init; }

    /// <summary>Gets how many queued events were dropped to make room (<see cref="QueueFullMode.DropOldest"/>) since Alerting started.</summary>
    public long DroppedEvents { get; init; }

    /// <summary>Gets when the last event was dropped; <see langword="null"/> when none was.</summary>
    public DateTimeOffset? LastDroppedAt { get; init; }

    /// <summary>Gets how many events were refused because the queue was full (<see cref="QueueFullMode.Reject"/>) since Alerting started.</summary>
    public long RefusedEvents { get; init; }

    /// <summary>Gets when the last event was refused; <see langword="null"/> when none was.</summary>
    public DateTimeOffset? LastRefusedAt { get; init; }

    /// <summary>
    /// Gets how many events this instance keeps in its outbox (<see cref="IAlertOutbox"/>) waiting for all their outcomes
    /// (queued, being routed or delivered, or waiting to retry); <see langword="null"/> when there is no outbox.
    /// </summary>
    public int? OutboxBacklog { get; init; }

    /// <summary>Gets the configured channels, by name.</summary>
    public IReadOnlyList<ChannelHealth> Channels { get; init; } = [];

    /// <summary>Gets the shared store's status; <see langword="null"/> when no shared store is configured.</summary>
    public SharedStoreHealth? SharedStore { get; init; }
}
