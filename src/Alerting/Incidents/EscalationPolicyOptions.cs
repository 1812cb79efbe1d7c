namespace Alerting.Incidents;

/// <summary>
/// An escalation policy, referenced by name from rules (<see cref="IncidentOptions.EscalationPolicy"/>): while an
/// incident stays unacknowledged and unresolved, each level in turn notifies its channels; then the whole policy
/// repeats <see cref="Repeat"/> more times. Acknowledging or resolving stops it, and every channel it notified gets
/// the resolve.
/// </summary>
public sealed class EscalationPolicyOptions
{
    /// <summary>Gets or sets the levels, in order.</summary>
    /// <value>Defaults to empty; at least one is required.</value>
    public List<EscalationLevelOptions> Levels { get; set; } = [];

    /// <summary>Gets or sets how many more times the whole policy runs after its last level while nobody acknowledges.</summary>
    /// <value>Defaults to 0: the levels run once.</value>
    public int Repeat { get; set; }
}
