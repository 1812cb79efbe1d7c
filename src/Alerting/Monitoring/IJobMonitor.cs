namespace Alerting.Monitoring;

/// <summary>
/// Tracks runs of jobs and raises <c>job.*</c> events about them: their outcome, and the deadlines they miss (a
/// scheduled start that did not happen, a run past its maximum or expected run time, a missing heartbeat). Registered
/// by <c>services.AddAlerting(...)</c>; thread-safe. Jobs are registered with <c>AddJob</c> or under
/// <c>Alerting:Jobs</c>; a job that is not registered can still be run, with no expectations but its outcome.
/// </summary>
/// <example>
/// <code>
/// using var run = monitor.StartRun("nightly-import");
/// foreach (var batch in batches) { Import(batch); run.Heartbeat(); }
/// run.Succeeded();
/// </code>
/// </example>
public interface IJobMonitor
{
    /// <summary>
    /// Records that a run of <paramref name="job"/> started, and starts watching its deadlines. Runs of one job may
    /// overlap; each is tracked on its own. Without a host, the first call also starts the background checker.
    /// </summary>
    /// <param name="job">The job name: the <see cref="AlertEvent.Source"/> of the events raised (case-insensitive).</param>
    /// <param name="runId">Identifies the run in events and dedup keys; defaults to a new random id.</param>
    /// <param name="attempt">Which attempt of the work this run is (1 for the first, 2 for the first retry...).</param>
    /// <returns>The run, to report heartbeats and its outcome on; disposing it without an outcome reports it abandoned.</returns>
    /// <exception cref="ArgumentException"><paramref name="job"/> is empty or <paramref name="attempt"/> is below 1.</exception>
    IJobRun StartRun(string job, string? runId = null, int attempt = 1);

    /// <summary>
    /// Reports that a scheduler missed a start of <paramref name="job"/> (a Quartz misfire, say), raising
    /// <c>job.start_missed</c> for it unless that start was already reported; the job's next run resolves it, as a late
    /// run resolves a start the monitor's own schedule found missed. For scheduler integrations; a job registered with
    /// a schedule of its own has its missed starts found without this.
    /// </summary>
    /// <param name="job">The job name (case-insensitive).</param>
    /// <param name="scheduledAt">The start that was missed.</param>
    /// <param name="reason">Why, in the scheduler's words (added to the message and as the <c>reason</c> attribute).</param>
    /// <exception cref="ArgumentException"><paramref name="job"/> is empty.</exception>
    void ReportStartMissed(string job, DateTimeOffset scheduledAt, string? reason = null);
}
