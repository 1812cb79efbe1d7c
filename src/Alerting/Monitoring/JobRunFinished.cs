namespace Alerting.Monitoring;

/// <summary>What an <see cref="IJobRunStore"/> told the replica that recorded a run's end.</summary>
/// <param name="Raised">The deadline events raised for the run (by any replica) that its end resolves.</param>
/// <param name="PreviousRunFailed">Whether the job's previous run to end, on any replica, failed or was abandoned, so that this one's success is reported.</param>
public readonly record struct JobRunFinished(JobRunDeadlines Raised, bool PreviousRunFailed);
