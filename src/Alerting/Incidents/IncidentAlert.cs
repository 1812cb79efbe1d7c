namespace Alerting.Incidents;

/// <summary>
/// One alert of a grouped incident (a rule with <see cref="IncidentOptions.GroupBy"/>): the events that share a dedup key
/// within the group, firing or resolved, and whether the group's channels have heard of it yet.
/// </summary>
public sealed class IncidentAlert
{
    /// <summary>Gets the alert's key within its group: the effective dedup key of its events.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the alert's latest firing event (its source, type, severity, message, link and attributes).</summary>
    public required AlertEvent Event { get; init; }

    /// <summary>Gets whether the alert is firing or has resolved.</summary>
    public AlertStatus Status { get; init; }

    /// <summary>Gets when the alert's first firing event arrived (or its latest, after it resolved and fired again).</summary>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>Gets when its latest firing event arrived.</summary>
    public DateTimeOffset LastSeenAt { get; init; }

    /// <summary>Gets how many firing events it has collected.</summary>
    public int Occurrences { get; init; }

    /// <summary>Gets when it resolved, when it has.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>
    /// Gets whether no notification of the group has listed it as firing yet: it is new in the group's next notification.
    /// </summary>
    public bool IsNew { get; init; }
}
