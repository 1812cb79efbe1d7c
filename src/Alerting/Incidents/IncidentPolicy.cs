using System.Globalization;
using System.Text;

namespace Alerting.Incidents;

/// <summary>A rule's compiled <see cref="IncidentOptions"/>: what makes the incident key, and when it notifies.</summary>
internal sealed class IncidentPolicy(string ruleName, string[] groupBy, GroupTiming timing, TimeSpan minResolveDelay)
{
    public TimeSpan RepeatInterval => Timing.RepeatInterval;

    /// <summary>How long a new incident waits to collect more events before it notifies.</summary>
    public TimeSpan GroupWait => Timing.GroupWait;

    /// <summary>The group wait, group interval and repeat interval.</summary>
    public GroupTiming Timing { get; } = timing;

    /// <summary>Whether events are grouped by <see cref="IncidentOptions.GroupBy"/>: the incident is a group of alerts.</summary>
    public bool IsGrouped => groupBy.Length > 0;

    /// <summary>How long a resolve waits for the problem to come back before it is sent.</summary>
    public TimeSpan MinResolveDelay { get; } = minResolveDelay;

    /// <summary>The escalation that runs while an incident stays unacknowledged; set once the rule's actions are compiled.</summary>
    public EscalationPlan? Escalation { get; set; }

    /// <summary>
    /// The incident key of <paramref name="alertEvent"/>: its dedup key, or for a grouped rule the rule's name and the
    /// group-by values (<c>failures:region=eu</c>).
    /// </summary>
    public string Key(AlertEvent alertEvent) => IsGrouped ? GroupKey(alertEvent) : alertEvent.EffectiveDedupKey;

    /// <summary>The group-by names and values of <paramref name="alertEvent"/> (<c>region=eu</c>), as a grouped notification names its group.</summary>
    public string GroupLabels(AlertEvent alertEvent)
    {
        var labels = new StringBuilder();
        foreach (var name in groupBy)
        {
            labels.Append(labels.Length == 0 ? string.Empty : ", ").Append(name).Append('=').Append(ValueOf(alertEvent, name));
        }

        return labels.ToString();
    }

    private string GroupKey(AlertEvent alertEvent)
    {
        var key = new StringBuilder(ruleName);
        foreach (var name in groupBy)
        {
            key.Append(':').Append(name).Append('=').Append(ValueOf(alertEvent, name));
        }

        return key.ToString();
    }

    /// <summary>An event field's value (type, source, severity, environment), else the attribute's.</summary>
    private static string? ValueOf(AlertEvent alertEvent, string name) => name.ToUpperInvariant() switch
    {
        "TYPE" => alertEvent.Type,
        "SOURCE" => alertEvent.Source,
        "SEVERITY" => alertEvent.Severity.ToString().ToLowerInvariant(),
        "ENVIRONMENT" => alertEvent.Environment,
        _ => alertEvent.Attributes.TryGetValue(name, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null,
    };
}
