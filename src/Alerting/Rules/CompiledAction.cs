using Alerting.Incidents;
using Alerting.Templates;

namespace Alerting.Rules;

/// <summary>One validated rule action: where it goes, what it overrides and the context values its templates see.</summary>
internal sealed class CompiledAction
{
    public required CompiledRule Rule { get; init; }

    public required ActionTarget Target { get; init; }

    public required AlertSeverity? Severity { get; init; }

    public required TemplateSet Templates { get; init; }

    /// <summary>Whether resolve notifications go out through this action: its own setting, else its channel's.</summary>
    public bool SendsResolved { get; init; } = true;

    /// <summary>Values templates resolve after event fields: <c>rule</c> and <c>channel</c>. Built once, shared by every render.</summary>
    public required IReadOnlyDictionary<string, object?> Values { get; init; }

    /// <summary>The action's own mute and active time intervals (its channel's are the channel's); null when it has none.</summary>
    public TimeWindows? Windows { get; set; }
}
