namespace Alerting.Incidents;

/// <summary>
/// A silence, or maintenance window: firing events that match it between <see cref="StartsAt"/> and
/// <see cref="EndsAt"/> notify nobody and open no incident; they are still recorded in the history as suppressed.
/// Resolving events always pass, so an incident opened before the window still closes. The matcher works as a rule's:
/// every list that is set must match. With <see cref="TimeIntervals"/> it recurs: it silences only while one of those
/// intervals holds (within <see cref="StartsAt"/> and <see cref="EndsAt"/> when they are set).
/// </summary>
public sealed class SilenceOptions
{
    /// <summary>Gets or sets when the silence begins.</summary>
    /// <value>Defaults to <see langword="null"/>: at once.</value>
    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>
    /// Gets or sets when the silence ends. Required unless <see cref="TimeIntervals"/> makes it a recurring window: a
    /// silence without an end hides problems forever.
    /// </summary>
    public DateTimeOffset? EndsAt { get; set; }

    /// <summary>Gets or sets why (shown in the reason of each suppressed outcome).</summary>
    public string? Comment { get; set; }

    /// <summary>Gets or sets the event types silenced (exact, or patterns with <c>*</c>).</summary>
    /// <value>Defaults to empty: every type.</value>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>Gets or sets the sources silenced (names, or patterns with <c>*</c>).</summary>
    /// <value>Defaults to empty: every source.</value>
    public List<string> Sources { get; set; } = [];

    /// <summary>Gets or sets the environments silenced.</summary>
    /// <value>Defaults to empty: every environment.</value>
    public List<string> Environments { get; set; } = [];

    /// <summary>Gets or sets attribute conditions that must all hold.</summary>
    /// <value>Defaults to empty.</value>
    public List<AttributeCondition> Attributes { get; set; } = [];

    /// <summary>
    /// Gets or sets the names of time intervals (<c>Alerting:TimeIntervals</c>) the silence recurs in: it silences only
    /// while one of them holds ("every Sunday 02:00-04:00 Europe/Berlin").
    /// </summary>
    /// <value>Defaults to empty: the whole time from <see cref="StartsAt"/> to <see cref="EndsAt"/>.</value>
    public List<string> TimeIntervals { get; set; } = [];

    /// <summary>A deep copy, as a store keeps it: changing this one afterwards does not change the copy.</summary>
    internal SilenceOptions Copy() => new()
    {
        StartsAt = StartsAt,
        EndsAt = EndsAt,
        Comment = Comment,
        EventTypes = [.. EventTypes],
        Sources = [.. Sources],
        Environments = [.. Environments],
        Attributes = [.. Attributes.Select(a => new AttributeCondition { Name = a.Name, Value = a.Value, Pattern = a.Pattern, Negate = a.Negate })],
        TimeIntervals = [.. TimeIntervals],
    };
}
