namespace Alerting.Incidents;

/// <summary>One level of an <see cref="EscalationPolicyOptions"/>.</summary>
public sealed class EscalationLevelOptions
{
    /// <summary>
    /// Gets or sets how long after the previous level (for the first level, after the incident opened) this level
    /// notifies, if the incident is still unacknowledged.
    /// </summary>
    /// <value>Defaults to 15 minutes.</value>
    public TimeSpan Delay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the channels this level notifies.</summary>
    /// <value>Defaults to empty; at least one is required.</value>
    public List<string> Channels { get; set; } = [];
}
