namespace Alerting.Diagnostics;

/// <summary>The recent delivery outcomes and statistics of this process, kept in memory.</summary>
public interface INotificationHistory
{
    /// <summary>Returns the most recent outcomes, newest first.</summary>
    /// <param name="maxCount">The most to return; the history keeps <c>AlertingOptions.HistoryCapacity</c>.</param>
    /// <returns>The outcomes.</returns>
    IReadOnlyList<DeliveryOutcome> GetRecent(int maxCount = 100);

    /// <summary>Counts outcomes by channel, severity and status over a recent window.</summary>
    /// <param name="window">How far back to count; at most 24 hours, which is also the default.</param>
    /// <returns>The statistics.</returns>
    NotificationStatistics GetStatistics(TimeSpan? window = null);
}
