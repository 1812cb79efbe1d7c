namespace Alerting.Monitoring;

/// <summary>A run of a job as an <see cref="IJobRunStore"/> keeps it: who runs it, since when, and the deadlines it started with.</summary>
public sealed class JobRunRecord
{
    private readonly DateTimeOffset? _lastHeartbeat;

    /// <summary>Gets the job name (case-insensitive).</summary>
    public required string Job { get; init; }

    /// <summary>Gets the run id.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets which replica runs it, for logs; any text that tells the replicas of an app apart.</summary>
    /// <value><see langword="null"/> when not known.</value>
    public string? Replica { get; init; }

    /// <summary>Gets which attempt of the work the run is, starting at 1.</summary>
    /// <value>Defaults to 1.</value>
    public int Attempt { get; init; } = 1;

    /// <summary>Gets when the run started, by the clock of its replica.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets the scheduled start the run answered, as its replica's schedule expected it.</summary>
    /// <value><see langword="null"/> when it answered none.</value>
    public DateTimeOffset? ScheduledAt { get; init; }

    /// <summary>Gets the run's last heartbeat.</summary>
    /// <value>Defaults to <see cref="StartedAt"/>.</value>
    public DateTimeOffset LastHeartbeat
    {
        get => _lastHeartbeat ?? StartedAt;
        init => _lastHeartbeat = value;
    }

    /// <summary>Gets the job's start grace period when the run started, which says how long its start is worth keeping.</summary>
    /// <value>Defaults to zero.</value>
    public TimeSpan StartGracePeriod { get; init; }

    /// <summary>Gets the longest silence between heartbeats before <c>job.heartbeat_missed</c>.</summary>
    /// <value><see langword="null"/> for none.</value>
    public TimeSpan? HeartbeatTimeout { get; init; }

    /// <summary>Gets how long the run may take before <c>job.timed_out</c>.</summary>
    /// <value><see langword="null"/> for no limit.</value>
    public TimeSpan? MaxRunTime { get; init; }

    /// <summary>Gets how long the run is expected to take before <c>job.finish_late</c>.</summary>
    /// <value><see langword="null"/> for no expectation.</value>
    public TimeSpan? ExpectedRunTime { get; init; }

    /// <summary>Gets whether the run has a deadline at all; a store need not keep a run without one beyond its start.</summary>
    public bool HasDeadlines => HeartbeatTimeout is not null || MaxRunTime is not null || ExpectedRunTime is not null;

    /// <summary>When <paramref name="deadline"/> passes for this run, by its start and last heartbeat.</summary>
    /// <param name="deadline">One deadline.</param>
    /// <returns>The time; <see langword="null"/> when the run has no such deadline.</returns>
    public DateTimeOffset? DueAt(JobRunDeadlines deadline) => deadline switch
    {
        JobRunDeadlines.TimedOut => StartedAt + MaxRunTime,
        JobRunDeadlines.FinishLate => StartedAt + ExpectedRunTime,
        JobRunDeadlines.HeartbeatMissed => LastHeartbeat + HeartbeatTimeout,
        _ => null,
    };
}
