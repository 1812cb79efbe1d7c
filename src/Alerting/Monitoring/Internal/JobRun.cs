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

    /// <summary>Gets the heartbeat timeout the run started with (a reload does not change a run's deadlines).</summary>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>Gets the maximum run time the run started with.</summary>
    public TimeSpan? MaxRunTime { get; init; }

    /// <summary>Gets the expected run time the run started with.</summary>
    public TimeSpan? ExpectedRunTime { get; init; }

    /// <summary>Gets whether the run's heartbeats go to the job run store, where other replicas judge the run by them.</summary>
    public bool SharesHeartbeats => HeartbeatTimeout is not null;

    /// <summary>When the run's last heartbeat went to the job run store.</summary>
    public DateTimeOffset HeartbeatSharedAt { get; set; } = startedAt;

    public bool IsFinished { get; set; }

    public DateTimeOffset LastHeartbeat { get; set; } = startedAt;

    /// <summary>Whether a heartbeat deadline for this run is in the queue (at most one is).</summary>
    public bool HeartbeatQueued { get; set; }

    /// <summary>Whether this replica found the current silence past the heartbeat timeout (its event raised here or by another replica).</summary>
    public bool HeartbeatMissed { get; set; }

    /// <summary>Whether this replica found the run past its maximum run time.</summary>
    public bool TimedOut { get; set; }

    /// <summary>Whether this replica found the run past its expected run time.</summary>
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

    /// <summary>The source whose token the run's work observes, while <c>RunAsync</c> runs it; guarded by the monitor's lock.</summary>
    public CancellationTokenSource? Cancellation { get; set; }

    /// <summary>Why the run was cancelled by id (a rule's action), or null; guarded by the monitor's lock.</summary>
    public string? CancelReason { get; set; }

    /// <summary>Makes the run cancellable by its job and id until the returned scope is disposed; its token is linked to <paramref name="cancellationToken"/>.</summary>
    public JobMonitor.CancellationScope Cancellable(CancellationToken cancellationToken) => monitor.Cancellable(this, cancellationToken);

    /// <summary>Ends the run as cancelled, with the reason it was cancelled for.</summary>
    public void Cancelled() => monitor.Finish(this, RunOutcome.Cancelled, CancelReason, null);
}

/// <summary>How a run ended.</summary>
internal enum RunOutcome
{
    Succeeded,
    Failed,
    Abandoned,
    Cancelled,
}
