namespace Alerting.Hangfire;

/// <summary>
/// The options of a <c>hangfire</c> action: a channel that pauses, resumes or triggers a Hangfire recurring job instead
/// of sending a message. The recurring job id is a template rendered from the event that matched; by default it is the
/// recurring job of the run the event is about, as <see cref="AlertingJobFilter"/> records it.
/// </summary>
public sealed class HangfireActionOptions
{
    /// <summary>Gets or sets what the action does when its rule fires.</summary>
    /// <value>Required.</value>
    public HangfireOperation? Operation { get; set; }

    /// <summary>Gets or sets what the action does when the incident resolves (say <see cref="HangfireOperation.Resume"/> after a pause).</summary>
    /// <value>Defaults to <see langword="null"/>: nothing; resolves are recorded as skipped (<c>resolve_disabled</c>).</value>
    public HangfireOperation? ResolveOperation { get; set; }

    /// <summary>Gets or sets the template of the recurring job id, rendered from the event.</summary>
    /// <value>Defaults to <c>{hangfire_recurring_job_id}</c>: the recurring job of the run the event is about.</value>
    public string? RecurringJobId { get; set; }
}
