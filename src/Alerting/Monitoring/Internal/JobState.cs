namespace Alerting.Monitoring.Internal;

/// <summary>A job's monitoring state; guarded by the monitor's lock.</summary>
internal sealed class JobState(JobDefinition definition)
{
    public JobDefinition Definition { get; set; } = definition;

    public string Name => Definition.Name;

    /// <summary>The next scheduled start no run has answered yet; <see langword="null"/> without a schedule.</summary>
    public DateTimeOffset? Pending { get; set; }

    /// <summary>The last scheduled start reported missed, until a run starts and resolves it.</summary>
    public DateTimeOffset? Missed { get; set; }

    /// <summary>Whether the last run that finished failed or was abandoned, so that the next success is reported.</summary>
    public bool LastRunFailed { get; set; }
}
