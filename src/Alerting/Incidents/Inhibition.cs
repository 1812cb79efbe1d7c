using Alerting.Rules;
using Alerting.Rules.Internal;

namespace Alerting.Incidents;

/// <summary>
/// A compiled inhibition: its source and target matchers compiled as a rule's conditions are, and the names whose values
/// the source's opening event and the target event must share.
/// </summary>
internal sealed class Inhibition(string name, CompiledRule source, CompiledRule target, IReadOnlyList<string> sourceTypes, EqualName[] equal)
{
    public string Name { get; } = name;

    /// <summary>The exact event types of the incidents that can inhibit (what the store is asked for).</summary>
    public IReadOnlyList<string> SourceTypes { get; } = sourceTypes;

    /// <summary>Whether the event is one this inhibition may hold back: firing, and matching the target matchers.</summary>
    public bool Targets(AlertEvent alertEvent) =>
        alertEvent.Status == AlertStatus.Firing && target.MatchesType(alertEvent.Type) && target.MatchesFields(alertEvent);

    /// <summary>
    /// Whether the open incident inhibits the target event: its opening event (for a grouped incident, one of its firing
    /// alerts) matches the source and shares the equal names, and is not the target itself.
    /// </summary>
    public bool IsInhibitedBy(AlertEvent targetEvent, Incident incident)
    {
        if (incident.Alerts.Count == 0)
        {
            return incident.OpeningEvent is { } opening && Inhibits(opening, targetEvent);
        }

        foreach (var alert in incident.Alerts)
        {
            if (alert.Status == AlertStatus.Firing && Inhibits(alert.Event, targetEvent))
            {
                return true;
            }
        }

        return false;
    }

    private bool Inhibits(AlertEvent sourceEvent, AlertEvent targetEvent)
    {
        if (string.Equals(sourceEvent.EffectiveDedupKey, targetEvent.EffectiveDedupKey, StringComparison.Ordinal) ||
            !source.MatchesType(sourceEvent.Type) || !source.MatchesFields(sourceEvent))
        {
            return false;
        }

        foreach (var name in equal)
        {
            if (!name.HasEqualValues(sourceEvent, targetEvent))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The reason recorded on what it suppresses.</summary>
    public string Reason(Incident incident) =>
        $"Inhibited by '{Name}': incident {incident.Id} ({incident.EventType} from {incident.Source}) is open.";
}

/// <summary>One name of an inhibition's <c>Equal</c>: an event field, or an attribute.</summary>
internal readonly record struct EqualName(string Name, EqualField Field)
{
    /// <summary>Whether both events have a value for the name, and the same one.</summary>
    public bool HasEqualValues(AlertEvent a, AlertEvent b) => ValueOf(a) is { } left && ValueOf(b) is { } right &&
        string.Equals(left, right, Field == EqualField.Attribute ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private string? ValueOf(AlertEvent e) => Field switch
    {
        EqualField.Source => e.Source,
        EqualField.Type => e.Type,
        EqualField.Environment => e.Environment,
        EqualField.Severity => e.Severity.ToString(),
        _ => e.Attributes.TryGetValue(Name, out var raw) && raw is not null ? CompiledAttributeCondition.AsText(raw) : null,
    };
}

/// <summary>What an <see cref="EqualName"/> compares.</summary>
internal enum EqualField
{
    Attribute,
    Source,
    Type,
    Environment,
    Severity,
}

/// <summary>An inhibition that holds an event back, and the open incident that makes it.</summary>
internal sealed record InhibitionMatch(Inhibition Inhibition, Incident Incident)
{
    public string Reason => Inhibition.Reason(Incident);
}
