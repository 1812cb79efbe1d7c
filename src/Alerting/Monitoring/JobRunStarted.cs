namespace Alerting.Monitoring;

/// <summary>What an <see cref="IJobRunStore"/> told the replica that recorded a run's start.</summary>
/// <param name="ResolvedMissedStart">The job's missed start (raised by any replica, not yet answered) this run answers: the caller raises the resolve of its <c>job.start_missed</c>; <see langword="null"/> when there is none.</param>
public readonly record struct JobRunStarted(DateTimeOffset? ResolvedMissedStart);
