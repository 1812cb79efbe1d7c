namespace Alerting.Monitoring.Internal;

/// <summary>A run handle. Its state is guarded by the monitor's lock; the members only forward to the monitor.</summary>
internal sealed class JobRun(JobMonitor monitor, JobState job, string runId, int attempt, DateTimeOffset startedAt) : IJobRun
{
    private Dictionary<string, object?>? _attributes;

    public JobState State { get; } = job;

    public string Job => State.Name;

    public string RunId { get; } = runId;

    public int Attempt { get; } = attempt;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? ScheduledAt { get; set; }

    public bool IsFinished { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; } = startedAt;

    /// <summary>Whether a heartbeat deadline for this run is in the queue (at most one is).</summary>
    public bool HeartbeatQueued { get; set; }

    public bool HeartbeatMissed { get; set; }

    public bool TimedOut { get; set; }

    public bool FinishLate { get; set; }

    /// <summary>The attributes the host added with <see cref="SetAttribute"/>.</summary>
    public IReadOnlyDictionary<string, object?>? Attributes => _attributes;

    public void SetAttribute(string name, object? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (monitor.SyncRoot)
        {
            (_attributes ??= new(StringComparer.Ordinal))[name] = value;
        }
    }

    public void Heartbeat() => monitor.Heartbeat(this);

    public void Succeeded() => monitor.Finish(this, RunOutcome.Succeeded, null, null);

    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        monitor.Finish(this, RunOutcome.Failed, exception.Message, exception);
    }

    public void Failed(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        monitor.Finish(this, RunOutcome.Failed, message, null);
    }

    public void Dispose() => monitor.Finish(this, RunOutcome.Abandoned, null, null);
}

/// <summary>How a run ended.</summary>
internal enum RunOutcome
{
    Succeeded,
    Failed,
    Abandoned,
}
