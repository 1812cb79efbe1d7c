using Alerting.Incidents;
using Alerting.Rules.Internal;

namespace Alerting.Rules;

/// <summary>A validated rule, ready to match. Type conditions are applied by <see cref="RuleIndex"/>.</summary>
internal sealed class CompiledRule
{
    public required string Name { get; init; }

    public required int Order { get; init; }

    public required IReadOnlyList<string> ExactTypes { get; init; }

    public required IReadOnlyList<GlobPattern> TypePatterns { get; init; }

    public required GlobPattern[] Sources { get; init; }

    public required AlertSeverity? MinimumSeverity { get; init; }

    public required HashSet<string>? Environments { get; init; }

    public required AlertStatus? Status { get; init; }

    public required CompiledAttributeCondition[] Attributes { get; init; }

    public required Func<AlertEvent, bool>? Predicate { get; init; }

    public required ThresholdSettings? Threshold { get; init; }

    /// <summary>How matching events become incidents; null when the rule has incidents off.</summary>
    public IncidentPolicy? Incidents { get; init; }

    public CompiledAction[] Actions { get; set; } = [];

    /// <summary>The rule's mute and active time intervals; null when it has none.</summary>
    public TimeWindows? Windows { get; set; }

    /// <summary>The actions of each level of <see cref="IncidentPolicy.Escalation"/>, one entry per level; empty without escalation.</summary>
    public CompiledAction[][] EscalationActions { get; set; } = [];

    /// <summary>Whether the event meets every condition but the type (which the index checked) and the predicate.</summary>
    public bool MatchesFields(AlertEvent alertEvent)
    {
        if ((MinimumSeverity is { } min && alertEvent.Severity < min) ||
            (Status is { } status && alertEvent.Status != status) ||
            (Environments is not null && (alertEvent.Environment is null || !Environments.Contains(alertEvent.Environment))))
        {
            return false;
        }

        if (Sources.Length > 0 && !MatchesAny(Sources, alertEvent.Source))
        {
            return false;
        }

        foreach (var condition in Attributes)
        {
            if (!condition.IsSatisfiedBy(alertEvent))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a rule kept for every type (patterned or none) matches the event's type.</summary>
    /// <summary>Whether the event type meets the type condition, without the index (for matchers that are not indexed).</summary>
    public bool MatchesType(string eventType) =>
        (ExactTypes.Count == 0 && TypePatterns.Count == 0) ||
        ExactTypes.Contains(eventType, StringComparer.OrdinalIgnoreCase) ||
        (TypePatterns.Count > 0 && MatchesTypePatterns(eventType));

    public bool MatchesTypePatterns(string eventType) => TypePatterns.Count == 0 || MatchesAny(TypePatterns, eventType);

    private static bool MatchesAny(IReadOnlyList<GlobPattern> patterns, string value)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (patterns[i].IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
