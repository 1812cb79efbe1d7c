namespace Alerting.Monitoring;

/// <summary>The deadlines of a job run whose events an <see cref="IJobRunStore"/> has raised once for the cluster.</summary>
[Flags]
public enum JobRunDeadlines
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>The maximum run time passed: <c>job.timed_out</c>.</summary>
    TimedOut = 1,

    /// <summary>The expected run time passed: <c>job.finish_late</c>.</summary>
    FinishLate = 2,

    /// <summary>The heartbeat timeout passed in silence: <c>job.heartbeat_missed</c>.</summary>
    HeartbeatMissed = 4,
}
