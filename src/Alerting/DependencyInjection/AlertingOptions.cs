using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Rules;

namespace Alerting;

/// <summary>
/// The whole Alerting configuration: channels, rules and dispatch settings. Bound from the <c>Alerting</c> section
/// and composed with the <see cref="AlertingBuilder"/> calls made in code.
/// </summary>
public sealed class AlertingOptions
{
    /// <summary>The configuration section name the README and samples use.</summary>
    public const string SectionName = "Alerting";

    /// <summary>Values of the configuration section that could not be converted; a problem of the configuration when any.</summary>
    internal List<string> UnreadValues { get; } = [];

    /// <summary>Gets or sets the environment events come from when they do not say ("production", "staging").</summary>
    /// <value>Defaults to <see langword="null"/>: events carry only the environment they were given.</value>
    public string? Environment { get; set; }

    /// <summary>Gets or sets how many published events may wait for dispatch.</summary>
    /// <value>Defaults to 10,000.</value>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets what publishing does when the queue is full.</summary>
    /// <value>Defaults to <see cref="QueueFullMode.Wait"/>.</value>
    public QueueFullMode QueueFullMode { get; set; } = QueueFullMode.Wait;

    /// <summary>Gets or sets how long a graceful stop waits for queued events and notifications to be delivered.</summary>
    /// <value>Defaults to 30 seconds. What is still undelivered then is recorded as failed, never dropped silently.</value>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets whether starting Alerting (its hosted service) also loads .NET's HTTP stack, with one request to a
    /// listener of its own on 127.0.0.1 that never leaves the machine, so the first notification of a fresh process does
    /// not pay for it (tens of milliseconds): host start takes that much longer instead.
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool WarmUp { get; set; } = true;

    /// <summary>Gets or sets the durable outbox that keeps accepted events across crashes.</summary>
    /// <value>Defaults to no outbox.</value>
    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>
    /// Gets or sets whether templates may only name event fields, context values and the attributes listed in
    /// <see cref="KnownAttributes"/>; any other name fails validation, with its position.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: unknown names render as empty text.</value>
    public bool StrictTemplates { get; set; }

    /// <summary>Gets or sets the attribute names templates may use in strict mode.</summary>
    /// <value>Defaults to empty.</value>
    public List<string> KnownAttributes { get; set; } = [];

    /// <summary>Gets or sets how many delivery outcomes the in-memory notification history keeps.</summary>
    /// <value>Defaults to 1,000. Statistics cover the last 24 hours whatever this is.</value>
    public int HistoryCapacity { get; set; } = 1_000;

    /// <summary>Gets the channels by name.</summary>
    public Dictionary<string, ChannelOptions> Channels { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets the rules by name.</summary>
    public Dictionary<string, AlertRuleOptions> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the silences (maintenance windows) by name; more can be added at run time through <c>IIncidentManager</c>.</summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, SilenceOptions> Silences { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Gets or sets the time intervals by name (<c>Alerting:TimeIntervals</c>): recurring times in a time zone that
    /// silences, rules, actions and channels name as mute or active windows. Also added with <c>AddTimeInterval</c>.
    /// </summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, TimeIntervalOptions> TimeIntervals { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the inhibitions by name: while a matching incident is open, matching events that share its values are held back.</summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, InhibitionOptions> Inhibitions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the escalation policies by name, which rules reference from <see cref="IncidentOptions.EscalationPolicy"/>.</summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, EscalationPolicyOptions> EscalationPolicies { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the monitored jobs by name (<c>Alerting:Jobs</c>): their schedules and deadlines. Also added with <c>AddJob</c>.</summary>
    /// <value>Defaults to none; jobs that are not registered can still be run, with no expectations.</value>
    public Dictionary<string, MonitoredJobOptions> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets the monitored services by name (<c>Alerting:Services</c>): minimum healthy instances and heartbeat timeout. Also added with <c>AddService</c>.</summary>
    /// <value>Defaults to none.</value>
    public Dictionary<string, MonitoredServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
