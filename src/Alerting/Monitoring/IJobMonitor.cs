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
}
