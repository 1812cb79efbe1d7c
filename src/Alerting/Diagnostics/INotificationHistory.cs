namespace Alerting.Diagnostics;

/// <summary>
/// The recent delivery outcomes and statistics: of this process by default, or of every instance of the app when they
/// share an <see cref="INotificationHistoryStore"/> (<c>UseRedis</c>).
/// </summary>
public interface INotificationHistory
{
    /// <summary>Returns the most recent outcomes, newest first. With a shared store, waits for its answer: prefer <see cref="GetRecentAsync"/>.</summary>
    /// <param name="maxCount">The most to return; the history keeps <c>AlertingOptions.HistoryCapacity</c>.</param>
    /// <returns>The outcomes.</returns>
    IReadOnlyList<DeliveryOutcome> GetRecent(int maxCount = 100);

    /// <summary>Counts outcomes by channel, severity and status over a recent window. With a shared store, waits for its answer: prefer <see cref="GetStatisticsAsync"/>.</summary>
    /// <param name="window">How far back to count; at most 24 hours, which is also the default.</param>
    /// <returns>The statistics.</returns>
    NotificationStatistics GetStatistics(TimeSpan? window = null);

    /// <summary>Returns the most recent outcomes, newest first, from the history store.</summary>
    /// <param name="maxCount">The most to return; the history keeps <c>AlertingOptions.HistoryCapacity</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The outcomes.</returns>
    ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>Counts outcomes by channel, severity and status over a recent window, from the history store.</summary>
    /// <param name="window">How far back to count; at most 24 hours, which is also the default.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The statistics.</returns>
    ValueTask<NotificationStatistics> GetStatisticsAsync(TimeSpan? window = null, CancellationToken cancellationToken = default);
}
