namespace Alerting.Diagnostics;

/// <summary>
/// Where the notification history is kept: the latest delivery outcomes, and counts of them per minute by channel,
/// severity and status for at least the last 24 hours. In this process by default
/// (<see cref="InMemoryNotificationHistoryStore"/>), or in a store shared by the instances of an app (<c>Alerting.Redis</c>,
/// or your own: register it as the <see cref="INotificationHistoryStore"/> singleton), so that
/// <see cref="INotificationHistory"/> on any instance shows the outcomes and counts of all of them.
/// </summary>
/// <remarks>
/// <see cref="Append"/> is called on the delivery path for every outcome: it must return at once, never wait on the
/// network and never throw (a shared store buffers and writes in the background). The reads are called by
/// <see cref="INotificationHistory"/> and may go to the network. As with the other stores, the caller passes the
/// window's times from its <see cref="TimeProvider"/>; the store never decides by its own clock.
/// </remarks>
public interface INotificationHistoryStore
{
    /// <summary>Adds an outcome. Returns at once; never blocks and never throws (an outcome a shared store cannot share is kept locally).</summary>
    /// <param name="outcome">The outcome, free of secrets.</param>
    void Append(DeliveryOutcome outcome);

    /// <summary>Returns up to <paramref name="maxCount"/> of the most recent outcomes, newest first.</summary>
    /// <param name="maxCount">The most to return (zero or more); the store keeps a bounded number.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>The outcomes.</returns>
    ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts the outcomes whose <see cref="DeliveryOutcome.Timestamp"/> falls in the whole minutes from
    /// <paramref name="since"/>'s to <paramref name="until"/>'s (both included), by channel, severity and status.
    /// </summary>
    /// <param name="since">A time in the first minute counted.</param>
    /// <param name="until">A time in the last minute counted (the caller's "now"); at most 24 hours after <paramref name="since"/>.</param>
    /// <param name="cancellationToken">Stops waiting for the answer.</param>
    /// <returns>One count per channel, severity and status seen in the window; none for those not seen.</returns>
    ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default);
}
