namespace Alerting.Incidents;

/// <summary>The incident a delivery belongs to: its key is the dedup key channels get.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="Key">The incident key.</param>
/// <param name="Occurrences">The firing events collected so far.</param>
/// <param name="OpenedAt">When the incident opened.</param>
/// <param name="Note">A line added to the message: why this notification comes now (a repeat, an escalation).</param>
/// <param name="EscalationLevel">The escalation level (1-based) that sends it, if any.</param>
internal sealed record IncidentContext(string Id, string Key, int Occurrences, DateTimeOffset OpenedAt, string? Note = null, int? EscalationLevel = null);
