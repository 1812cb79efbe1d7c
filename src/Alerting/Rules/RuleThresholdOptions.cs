namespace Alerting.Rules;

/// <summary>
/// "Only after N matching events within a window": the rule fires on the event that makes <see cref="Count"/> matches
/// for the same dedup key within <see cref="Window"/>, then starts counting again. Earlier matches are recorded as suppressed.
/// </summary>
public sealed class RuleThresholdOptions
{
    /// <summary>Gets or sets how many matching events it takes to fire.</summary>
    /// <value>Defaults to 1: every match fires.</value>
    public int Count { get; set; } = 1;

    /// <summary>Gets or sets the window the matches must fall in.</summary>
    /// <value>Defaults to 5 minutes.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);
}
