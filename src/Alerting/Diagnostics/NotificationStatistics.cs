namespace Alerting.Diagnostics;

/// <summary>Counts of delivery outcomes over a recent window.</summary>
public sealed class NotificationStatistics
{
    internal NotificationStatistics(
        DateTimeOffset since,
        DateTimeOffset until,
        IReadOnlyDictionary<DeliveryOutcomeStatus, long> byStatus,
        IReadOnlyDictionary<string, IReadOnlyDictionary<DeliveryOutcomeStatus, long>> byChannel,
        IReadOnlyDictionary<AlertSeverity, IReadOnlyDictionary<DeliveryOutcomeStatus, long>> bySeverity,
        int openIncidents)
    {
        OpenIncidents = openIncidents;
        Since = since;
        Until = until;
        ByStatus = byStatus;
        ByChannel = byChannel;
        BySeverity = bySeverity;
    }

    /// <summary>Gets the start of the window (to the minute).</summary>
    public DateTimeOffset Since { get; }

    /// <summary>Gets the end of the window.</summary>
    public DateTimeOffset Until { get; }

    /// <summary>Gets the total number of outcomes in the window.</summary>
    public long Total => ByStatus.Values.Sum();

    /// <summary>Gets the number of incidents open or acknowledged now.</summary>
    public int OpenIncidents { get; }

    /// <summary>Gets counts by status.</summary>
    public IReadOnlyDictionary<DeliveryOutcomeStatus, long> ByStatus { get; }

    /// <summary>Gets counts by channel (dropped events are counted under <c>(queue)</c>), then status.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<DeliveryOutcomeStatus, long>> ByChannel { get; }

    /// <summary>Gets counts by severity, then status.</summary>
    public IReadOnlyDictionary<AlertSeverity, IReadOnlyDictionary<DeliveryOutcomeStatus, long>> BySeverity { get; }

    /// <summary>Returns the count for one status, 0 when none.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The count.</returns>
    public long Count(DeliveryOutcomeStatus status) => ByStatus.GetValueOrDefault(status);
}
