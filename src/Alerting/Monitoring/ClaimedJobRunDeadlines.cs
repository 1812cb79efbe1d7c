namespace Alerting.Monitoring;

/// <summary>Deadlines of one run that <see cref="IJobRunStore.ClaimOverdueAsync"/> claimed for its caller, who raises their events.</summary>
/// <param name="Run">The run, as recorded: its replica, start, last heartbeat and deadlines.</param>
/// <param name="Deadlines">The deadlines claimed.</param>
public readonly record struct ClaimedJobRunDeadlines(JobRunRecord Run, JobRunDeadlines Deadlines);
