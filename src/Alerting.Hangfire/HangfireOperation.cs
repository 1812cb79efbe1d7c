namespace Alerting.Hangfire;

/// <summary>What a <c>hangfire</c> action does to a recurring job.</summary>
public enum HangfireOperation
{
    /// <summary>
    /// Pauses a recurring job. Hangfire.Core has no pause, so the job's definition (job, cron, time zone, queue) is kept
    /// in Hangfire's storage under <c>alerting:paused-recurring-job:{id}</c> and the recurring job is removed; a run in
    /// progress is not stopped. <see cref="Resume"/> adds it back.
    /// </summary>
    Pause = 0,

    /// <summary>
    /// Resumes a recurring job paused by <see cref="Pause"/>: adds it back with its kept definition and forgets the
    /// definition. When the app registered the job again meanwhile (<c>AddOrUpdate</c> at start-up), its definition wins.
    /// </summary>
    Resume = 1,

    /// <summary>Triggers a recurring job now (<c>TriggerJob</c>): one extra run, its schedule unchanged. Not retried, as a retry could run it twice.</summary>
    Trigger = 2,
}
