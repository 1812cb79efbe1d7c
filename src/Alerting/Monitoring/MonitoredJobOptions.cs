using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>
/// What a monitored job is expected to do. Registered with <c>AddJob("name", job => ...)</c> or bound from
/// <c>Alerting:Jobs:{name}</c>. Every expectation is optional: a job with none is only reported on its outcome.
/// </summary>
public sealed class MonitoredJobOptions
{
    /// <summary>
    /// Gets or sets the cron expression of the job's scheduled starts: five fields, or six with seconds first
    /// (<c>"0 30 2 * * *"</c> is 02:30:00 every day), as the Cronos package reads them, in <see cref="TimeZone"/>.
    /// A scheduled start with no run within <see cref="StartGracePeriod"/> raises <c>job.start_missed</c>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no schedule (or <see cref="Interval"/>).</value>
    public string? Schedule { get; set; }

    /// <summary>Gets or sets the time zone <see cref="Schedule"/> is read in: an IANA id (<c>"Europe/Berlin"</c>) or a Windows id.</summary>
    /// <value>Defaults to <see langword="null"/>: UTC.</value>
    public string? TimeZone { get; set; }

    /// <summary>
    /// Gets or sets a fixed time between starts, instead of <see cref="Schedule"/>: the first start is expected one
    /// interval after monitoring starts, each next one an interval after the last expected start.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no interval.</value>
    public TimeSpan? Interval { get; set; }

    /// <summary>
    /// Gets or sets how long after a scheduled start a run may begin and still count as on time (and how early it
    /// may begin and still answer that start).
    /// </summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan StartGracePeriod { get; set; } = MonitoringConstants.DefaultStartGracePeriod;

    /// <summary>Gets or sets how long a run may take; a run still going then raises <c>job.timed_out</c> (resolved when it ends).</summary>
    /// <value>Defaults to <see langword="null"/>: no limit.</value>
    public TimeSpan? MaxRunTime { get; set; }

    /// <summary>
    /// Gets or sets how long a run is expected to take, a softer limit than <see cref="MaxRunTime"/>: a run still
    /// going then raises <c>job.finish_late</c>, a warning that is resolved when the run ends.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no expectation.</value>
    public TimeSpan? ExpectedRunTime { get; set; }

    /// <summary>
    /// Gets or sets how long a run may go without calling <see cref="IJobRun.Heartbeat"/> (counted from its start,
    /// then from each heartbeat); a silence that long raises <c>job.heartbeat_missed</c>, resolved by the next heartbeat.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: no heartbeats expected.</value>
    public TimeSpan? HeartbeatTimeout { get; set; }

    /// <summary>
    /// Gets or sets whether every successful run raises <c>job.succeeded</c>. A success after a failed or abandoned
    /// run raises it whatever this says, so that the failure's incident resolves.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool NotifyOnSuccess { get; set; }

    /// <summary>Gets or sets the environment the job runs in, given to its events ("production", "staging").</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="AlertingOptions.Environment"/>.</value>
    public string? Environment { get; set; }
}
