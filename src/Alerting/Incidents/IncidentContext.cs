namespace Alerting.Incidents;

/// <summary>The incident a delivery belongs to: its key is the dedup key channels get.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="Key">The incident key.</param>
/// <param name="Occurrences">The firing events collected so far.</param>
/// <param name="OpenedAt">When the incident opened.</param>
/// <param name="Note">A line added to the message: why this notification comes now (a repeat, an escalation).</param>
/// <param name="EscalationLevel">The escalation level (1-based) that sends it, if any.</param>
/// <param name="Alerts">For a grouped incident, the alerts the notification lists (new, firing, resolved since the last one).</param>
/// <param name="Group">For a grouped incident, its group-by names and values (<c>region=eu</c>).</param>
internal sealed record IncidentContext(
    string Id,
    string Key,
    int Occurrences,
    DateTimeOffset OpenedAt,
    string? Note = null,
    int? EscalationLevel = null,
    IReadOnlyList<IncidentAlert>? Alerts = null,
    string? Group = null)
{
    /// <summary>The context of <paramref name="incident"/> as its rule's <paramref name="policy"/> shows it: with its alerts and group when it is grouped.</summary>
    public static IncidentContext Of(Incident incident, IncidentPolicy? policy, string? note = null, int? escalationLevel = null) =>
        policy is { IsGrouped: true } && incident.OpeningEvent is { } opening
            ? new(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt, note, escalationLevel, incident.Alerts, policy.GroupLabels(opening))
            : new(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt, note, escalationLevel);
}
