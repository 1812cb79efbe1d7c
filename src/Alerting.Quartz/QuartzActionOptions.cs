namespace Alerting.Quartz;

/// <summary>
/// The options of a <c>quartz</c> action: a channel that pauses or resumes a Quartz.NET trigger or job instead of
/// sending a message. The target's name and group are templates rendered from the event that matched; by default they
/// name the trigger (or job) of the run the event is about, as <see cref="AlertingJobListener"/> records them.
/// </summary>
public sealed class QuartzActionOptions
{
    /// <summary>Gets or sets what the action does when its rule fires.</summary>
    /// <value>Required.</value>
    public QuartzOperation? Operation { get; set; }

    /// <summary>Gets or sets what the action does when the incident resolves (say <see cref="QuartzOperation.ResumeTrigger"/> after a pause).</summary>
    /// <value>Defaults to <see langword="null"/>: nothing; resolves are recorded as skipped (<c>resolve_disabled</c>).</value>
    public QuartzOperation? ResolveOperation { get; set; }

    /// <summary>Gets or sets the template of the trigger's or job's name, rendered from the event.</summary>
    /// <value>
    /// Defaults to <c>{quartz_trigger_name}</c> for trigger operations and <c>{quartz_job_name}</c> for job operations:
    /// the trigger and job of the run the event is about.
    /// </value>
    public string? Name { get; set; }

    /// <summary>Gets or sets the template of the trigger's or job's group, rendered from the event; empty is Quartz's <c>DEFAULT</c> group.</summary>
    /// <value>Defaults to <c>{quartz_trigger_group}</c> for trigger operations and <c>{quartz_job_group}</c> for job operations.</value>
    public string? Group { get; set; }

    /// <summary>Gets or sets the name of the scheduler to act on.</summary>
    /// <value>Defaults to <see langword="null"/>: the scheduler factory's default scheduler.</value>
    public string? SchedulerName { get; set; }
}
