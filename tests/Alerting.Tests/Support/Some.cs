namespace Alerting.Tests.Support;

/// <summary>Throwaway values for tests.</summary>
internal static class Some
{
    private static int s_counter;

    public static string Name(string prefix = "name") => $"{prefix}-{Interlocked.Increment(ref s_counter)}";

    public static AlertEvent Event(
        string type = AlertEventTypes.JobFailed,
        string source = "nightly-import",
        AlertSeverity severity = AlertSeverity.Error,
        string? message = "Disk full",
        IReadOnlyDictionary<string, object?>? attributes = null,
        string? environment = null,
        AlertStatus status = AlertStatus.Firing,
        string? dedupKey = null) =>
        new(type, source, severity, message)
        {
            Attributes = attributes ?? new Dictionary<string, object?>(),
            Environment = environment,
            Status = status,
            DedupKey = dedupKey,
            Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
        };

    /// <summary>
    /// An event that is a problem of its own (a unique dedup key), so that incident handling never folds it into
    /// another: for tests of delivery itself.
    /// </summary>
    public static AlertEvent Problem(
        string type = AlertEventTypes.JobFailed,
        string source = "nightly-import",
        AlertSeverity severity = AlertSeverity.Error,
        string? message = "Disk full",
        IReadOnlyDictionary<string, object?>? attributes = null,
        string? environment = null,
        AlertStatus status = AlertStatus.Firing) =>
        Event(type, source, severity, message, attributes, environment, status, Name("problem"));
}
