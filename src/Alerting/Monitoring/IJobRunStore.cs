namespace Alerting.Monitoring;

/// <summary>
/// Where the job monitor keeps what several replicas of an app must agree on about job runs: in this process by default
/// (<see cref="InMemoryJobRunStore"/>), or in a store shared by the replicas (<c>Alerting.Redis</c>, or your own: register
/// it as the <see cref="IJobRunStore"/> singleton after <c>AddAlerting</c>), so that a run started on any replica counts
/// for every replica. Each call is one atomic step on the times the caller passes (from its <see cref="TimeProvider"/>),
/// never the store's own clock:
/// <list type="bullet">
/// <item>a scheduled start is met when a run started anywhere answered it, and of several replicas that find it missed,
/// exactly one is told to raise <c>job.start_missed</c> (<see cref="CheckStartAsync"/>); the run that starts next, on
/// whichever replica, is told to resolve it (<see cref="StartAsync"/>);</item>
/// <item>a run's deadlines (maximum and expected run time, heartbeat timeout) are judged against the heartbeats its own
/// replica reports, and each is raised once for the cluster, by the first replica to claim it
/// (<see cref="ClaimDeadlineAsync"/>, <see cref="ClaimOverdueAsync"/>), also when the replica running it has stopped;</item>
/// <item>a run that finished on its replica is finished everywhere (<see cref="FinishAsync"/>).</item>
/// </list>
/// </summary>
/// <remarks>
/// A run is identified by its job (case-insensitive) and run id (ordinal). Only the replica running a run reports its
/// heartbeats and its end. Each replica checks the deadlines of its own runs when they come due, and, when
/// <see cref="PollInterval"/> is set, claims every poll interval the deadlines of any replica's runs that are overdue by
/// one interval, so a run whose replica died is still judged, by another. A store may forget a run once it finished, or
/// long after its last deadline; a run it does not know (or no longer knows) has nothing to claim. The monitor calls the
/// store outside its own lock, and may call it from several threads at once.
/// </remarks>
public interface IJobRunStore
{
    /// <summary>Gets how often each replica claims the overdue deadlines of runs other replicas started; <see langword="null"/> when no other replica shares the store.</summary>
    TimeSpan? PollInterval { get; }

    /// <summary>
    /// Records that <paramref name="run"/> started, with its deadlines, and that it answered its
    /// <see cref="JobRunRecord.ScheduledAt"/> (when set), so that no replica finds that start missed. A run that answered
    /// no start of its own counts for any scheduled start within the grace period around its start.
    /// </summary>
    /// <param name="run">The run, as its replica started it; <see cref="JobRunRecord.StartedAt"/> is the caller's "now".</param>
    /// <returns>The missed start of the job, raised by any replica and not yet answered, that this run answers (told to this caller alone).</returns>
    ValueTask<JobRunStarted> StartAsync(JobRunRecord run);

    /// <summary>Records a heartbeat of a run, from the replica running it; an older heartbeat than the one recorded is ignored.</summary>
    /// <param name="job">The job.</param>
    /// <param name="runId">The run.</param>
    /// <param name="now">When the run sent it, from the caller's <see cref="TimeProvider"/>.</param>
    /// <returns>Whether a <c>job.heartbeat_missed</c> was raised (by any replica) for the silence this heartbeat ends: the caller raises its resolve.</returns>
    ValueTask<bool> HeartbeatAsync(string job, string runId, DateTimeOffset now);

    /// <summary>Records that a run ended, so that no replica raises its deadlines any more.</summary>
    /// <param name="job">The job.</param>
    /// <param name="runId">The run.</param>
    /// <param name="failed">Whether it failed or was abandoned.</param>
    /// <param name="now">When it ended, from the caller's <see cref="TimeProvider"/>.</param>
    /// <returns>The deadline events raised for the run (by any replica) that its end resolves, and how the job's previous run ended.</returns>
    ValueTask<JobRunFinished> FinishAsync(string job, string runId, bool failed, DateTimeOffset now);

    /// <summary>
    /// Judges a scheduled start of <paramref name="job"/> whose grace period has passed: met when a run answered it (or,
    /// having answered no start of its own, started within <paramref name="gracePeriod"/> of it, not later than
    /// <paramref name="scheduledAt"/> plus the grace period); otherwise missed, and the first caller for this start is
    /// told to raise <c>job.start_missed</c>, every later one that it was raised already. Without a grace period (a
    /// scheduler reported the start missed), no run is looked for.
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="scheduledAt">The scheduled start.</param>
    /// <param name="gracePeriod">How early or late a run may start and still answer it; <see langword="null"/> when a scheduler reported it missed.</param>
    /// <param name="now">When the caller judges, from its <see cref="TimeProvider"/>.</param>
    /// <returns>The judgement, and whether this caller raises it.</returns>
    ValueTask<JobStartCheck> CheckStartAsync(string job, DateTimeOffset scheduledAt, TimeSpan? gracePeriod, DateTimeOffset now);

    /// <summary>
    /// Claims the raising of one deadline event of a run: granted to the first caller once the deadline has passed at
    /// <paramref name="now"/> by the run's recorded start and heartbeats, while the run is running and the event was not
    /// raised for it (for a heartbeat, for its current silence).
    /// </summary>
    /// <param name="job">The job.</param>
    /// <param name="runId">The run.</param>
    /// <param name="deadline">One deadline: <see cref="JobRunDeadlines.TimedOut"/>, <see cref="JobRunDeadlines.FinishLate"/> or <see cref="JobRunDeadlines.HeartbeatMissed"/>.</param>
    /// <param name="now">When the caller judges, from its <see cref="TimeProvider"/>.</param>
    /// <returns>Whether this caller raises the event.</returns>
    ValueTask<bool> ClaimDeadlineAsync(string job, string runId, JobRunDeadlines deadline, DateTimeOffset now);

    /// <summary>
    /// Claims, for this caller alone, every deadline that passed by <paramref name="dueBy"/> and was not raised, of
    /// running runs started on any replica; the replica running one claims it at its time, so a caller passes a time
    /// somewhat before <paramref name="now"/> and takes over the deadlines of replicas that did not.
    /// </summary>
    /// <param name="dueBy">The latest deadline to claim.</param>
    /// <param name="now">When the caller claims, from its <see cref="TimeProvider"/>.</param>
    /// <param name="max">The most runs to return.</param>
    /// <returns>The runs, as recorded (their last heartbeat included), with the deadlines claimed for each.</returns>
    ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> ClaimOverdueAsync(DateTimeOffset dueBy, DateTimeOffset now, int max);
}
