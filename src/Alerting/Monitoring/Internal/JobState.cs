namespace Alerting.Monitoring.Internal;

/// <summary>A job's monitoring state; guarded by the monitor's lock.</summary>
internal sealed class JobState(JobDefinition definition)
{
    public JobDefinition Definition { get; set; } = definition;

    public string Name => Definition.Name;

    /// <summary>The next scheduled start no run has answered yet; <see langword="null"/> without a schedule.</summary>
    public DateTimeOffset? Pending { get; set; }

    /// <summary>Whether the last run of this instance that finished failed or was abandoned; what the next success is judged by when the job run store cannot answer.</summary>
    public bool LastRunFailed { get; set; }
}
