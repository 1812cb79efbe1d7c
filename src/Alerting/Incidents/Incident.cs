namespace Alerting.Incidents;

/// <summary>A snapshot of one incident: the open state behind a key, as a rule saw it.</summary>
public sealed class Incident
{
    /// <summary>Gets the incident's identifier, unique among incidents.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the rule whose events the incident collects.</summary>
    public required string RuleName { get; init; }

    /// <summary>Gets the key that identifies the problem; it is the dedup key channels receive.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the type of the event that opened the incident.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the source of the event that opened the incident.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the severity of the event that opened the incident.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets the message of the event that opened the incident.</summary>
    public string? Message { get; init; }

    /// <summary>Gets the incident's status.</summary>
    public IncidentStatus Status { get; init; }

    /// <summary>Gets when the incident opened.</summary>
    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>Gets when the latest firing event for it arrived.</summary>
    public DateTimeOffset LastOccurrenceAt { get; init; }

    /// <summary>Gets when its channels were last notified.</summary>
    public DateTimeOffset LastNotifiedAt { get; init; }

    /// <summary>Gets how many firing events it has collected, the first included.</summary>
    public int Occurrences { get; init; }

    /// <summary>Gets the channels notified for it, which get the resolve (and acknowledge) notifications.</summary>
    public IReadOnlyList<string> NotifiedChannels { get; init; } = [];

    /// <summary>Gets who acknowledged it, when someone has.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>Gets the note left on acknowledging, if any.</summary>
    public string? AcknowledgementNote { get; init; }

    /// <summary>Gets when it was acknowledged, when it has been.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }

    /// <summary>Gets the phase of the latest human update, if anyone posted one.</summary>
    public IncidentPhase? Phase { get; init; }

    /// <summary>Gets the latest escalation level that fired (1-based within its round), 0 before the first.</summary>
    public int EscalationLevel { get; init; }

    /// <summary>Gets the round of the escalation policy that <see cref="EscalationLevel"/> belongs to (0 for the first run of the policy).</summary>
    public int EscalationRound { get; init; }

    /// <summary>Gets when it was resolved, when it has been.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Gets the event that opened the incident (for resolve, acknowledge and escalation notifications).</summary>
    /// <value>Set by the store that keeps the incident; <see langword="null"/> only in a snapshot made by hand.</value>
    public AlertEvent? OpeningEvent { get; init; }

    /// <summary>
    /// Gets the alerts of a grouped incident (a rule with <see cref="IncidentOptions.GroupBy"/>) in the order they joined:
    /// those firing and those resolved since its last notification.
    /// </summary>
    /// <value>Empty for an incident of one alert (no grouping).</value>
    public IReadOnlyList<IncidentAlert> Alerts { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() => $"{Status} incident {Id} ({RuleName}: {EventType} from {Source}, {Occurrences} occurrence(s))";
}
