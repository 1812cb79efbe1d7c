namespace Alerting.Monitoring.Internal;

/// <summary>A job's validated expectations, copied from its <see cref="MonitoredJobOptions"/>.</summary>
internal sealed record JobDefinition(
    string Name,
    JobSchedule? Schedule,
    TimeSpan StartGracePeriod,
    TimeSpan? MaxRunTime,
    TimeSpan? ExpectedRunTime,
    TimeSpan? HeartbeatTimeout,
    bool NotifyOnSuccess,
    string? Environment)
{
    /// <summary>A job nobody registered: only its outcomes are reported.</summary>
    public static JobDefinition Unregistered(string name) => new(name, null, TimeSpan.Zero, null, null, null, false, null);
}
