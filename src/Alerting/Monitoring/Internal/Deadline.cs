namespace Alerting.Monitoring.Internal;

/// <summary>What a deadline in the checker's queue checks.</summary>
internal enum DeadlineKind
{
    /// <summary>A scheduled start plus its grace period; target a <see cref="JobState"/>, for the start in <see cref="Deadline.Occurrence"/>.</summary>
    StartMissed,

    /// <summary>A run's start plus its maximum run time; target a <see cref="JobRun"/>.</summary>
    TimedOut,

    /// <summary>A run's start plus its expected run time; target a <see cref="JobRun"/>.</summary>
    FinishLate,

    /// <summary>A run's last heartbeat plus its timeout; target a <see cref="JobRun"/>.</summary>
    Heartbeat,

    /// <summary>
    /// A service's next check, at <see cref="Deadline.Occurrence"/>: a registered one's first, one instance timeout after
    /// monitoring starts; then when its first healthy instance expires, or one timeout later at most. Target a <see cref="ServiceState"/>.
    /// </summary>
    ServiceCheck,

    /// <summary>
    /// The next look for runs of other replicas whose deadlines passed a poll interval ago unclaimed (their replica
    /// stopped), every <see cref="IJobRunStore.PollInterval"/> when the job run store has one. Target the monitor.
    /// </summary>
    OverdueRuns,
}

/// <summary>
/// One entry of the checker's priority queue. Entries are never removed early: one whose target has moved on (the
/// run finished, the heartbeat came, the scheduled start was answered) is recognised as stale when it comes due and
/// dropped or moved to the target's new time, so every change costs O(1) and every deadline O(log n).
/// </summary>
internal readonly record struct Deadline(DeadlineKind Kind, object Target, DateTimeOffset Occurrence = default);
