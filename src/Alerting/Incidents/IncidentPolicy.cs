using System.Globalization;
using System.Text;
using Alerting.Incidents.Internal;

namespace Alerting.Incidents;

/// <summary>A rule's compiled <see cref="IncidentOptions"/>: how long repeats stay quiet and what makes the incident key.</summary>
internal sealed class IncidentPolicy(TimeSpan repeatInterval, string[] groupBy, TimeSpan groupWait, TimeSpan minResolveDelay)
{
    public TimeSpan RepeatInterval { get; } = repeatInterval;

    /// <summary>How long a new incident waits to collect more events before it notifies.</summary>
    public TimeSpan GroupWait { get; } = groupWait;

    /// <summary>How long a resolve waits for the problem to come back before it is sent.</summary>
    public TimeSpan MinResolveDelay { get; } = minResolveDelay;

    /// <summary>The escalation that runs while an incident stays unacknowledged; set once the rule's actions are compiled.</summary>
    public EscalationPlan? Escalation { get; set; }

    /// <summary>The incident key of <paramref name="alertEvent"/>: its dedup key, or its type, source and group-by attribute values.</summary>
    public string Key(AlertEvent alertEvent)
    {
        if (groupBy.Length == 0)
        {
            return alertEvent.EffectiveDedupKey;
        }

        var key = new StringBuilder(alertEvent.Type).Append(':').Append(alertEvent.Source);
        foreach (var name in groupBy)
        {
            alertEvent.Attributes.TryGetValue(name, out var value);
            key.Append(':').Append(name).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        return key.ToString();
    }
}
