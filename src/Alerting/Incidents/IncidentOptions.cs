namespace Alerting.Incidents;

/// <summary>
/// How a rule turns matching events into incidents: the first firing event for a key notifies, repeats are counted
/// and suppressed until <see cref="RepeatInterval"/> has passed, and a resolving event closes the incident and sends a
/// resolve notification to every channel that was notified.
/// </summary>
public sealed class IncidentOptions
{
    /// <summary>Gets or sets whether the rule collapses events into incidents.</summary>
    /// <value>Defaults to <see langword="true"/>. Turn it off for fire-and-forget notifications, such as on success.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how long repeats of an open incident stay quiet before it is notified again, with the count.</summary>
    /// <value>Defaults to 4 hours.</value>
    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Gets or sets the names whose values group the rule's events into one incident, instead of one per dedup key: event
    /// fields (<c>type</c>, <c>source</c>, <c>severity</c>, <c>environment</c>) or attribute names. <c>["region"]</c>
    /// makes one incident per region, whatever the events' sources and types: each distinct dedup key in it is an alert
    /// of the group (<see cref="Incident.Alerts"/>), and the group notifies once for all of them (after
    /// <see cref="GroupWait"/>, then at most every <see cref="GroupInterval"/> with what is new and what resolved, and
    /// every <see cref="RepeatInterval"/> while nothing changes), and resolves when all its alerts have.
    /// </summary>
    /// <value>Defaults to empty: the event's dedup key (or type and source) is the key.</value>
    public List<string> GroupBy { get; set; } = [];

    /// <summary>Gets or sets the escalation policy (a key of <c>AlertingOptions.EscalationPolicies</c>) that runs while an incident stays unacknowledged.</summary>
    /// <value>Defaults to <see langword="null"/>: no escalation.</value>
    public string? EscalationPolicy { get; set; }

    /// <summary>
    /// Gets or sets how long to wait before a group's first notification, so that events arriving together (a storm)
    /// go out as one notification with their count.
    /// </summary>
    /// <value>Defaults to <see cref="TimeSpan.Zero"/>: the first event notifies at once.</value>
    public TimeSpan GroupWait { get; set; }

    /// <summary>
    /// Gets or sets, for a rule with <see cref="GroupBy"/>, how long after a group's notification the next one reporting
    /// its changes (alerts new to it, alerts resolved) may go out: changes within it go out together.
    /// </summary>
    /// <value>Defaults to 5 minutes, as in Alertmanager.</value>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a resolve waits before it is sent; a firing event for the incident within that time
    /// cancels it and the incident stays open without a new notification (flap damping).
    /// </summary>
    /// <value>Defaults to <see cref="TimeSpan.Zero"/>: resolves are sent at once.</value>
    public TimeSpan MinResolveDelay { get; set; }
}
