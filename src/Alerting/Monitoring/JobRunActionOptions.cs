namespace Alerting.Monitoring;

/// <summary>
/// The options of a <c>job-run</c> action: a channel that acts on a run of Alerting's job monitor instead of sending a
/// message. The job and run are templates rendered from the event that matched (monitor events name them).
/// </summary>
public sealed class JobRunActionOptions
{
    /// <summary>Gets or sets what the action does to the run.</summary>
    /// <value>Defaults to <see cref="JobRunOperation.Cancel"/>.</value>
    public JobRunOperation Operation { get; set; } = JobRunOperation.Cancel;

    /// <summary>Gets or sets the template of the job name (case-insensitive), rendered from the event.</summary>
    /// <value>Defaults to <c>{source}</c>: the job of a monitor event.</value>
    public string? Job { get; set; }

    /// <summary>Gets or sets the template of the run id, rendered from the event.</summary>
    /// <value>Defaults to <c>{run_id}</c>: the run of a <c>job.timed_out</c>, <c>job.finish_late</c> or <c>job.heartbeat_missed</c> event.</value>
    public string? RunId { get; set; }
}
