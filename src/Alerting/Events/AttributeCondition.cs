namespace Alerting;

/// <summary>A condition on one event attribute: equal to a value, matching a regular expression, or present at all.</summary>
public sealed class AttributeCondition
{
    /// <summary>Gets or sets the attribute name (exact, case-sensitive).</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the value the attribute must equal (compared as invariant text, ordinal).</summary>
    /// <value>Defaults to <see langword="null"/>: no equality test.</value>
    public string? Value { get; set; }

    /// <summary>Gets or sets a regular expression the attribute's invariant text must match.</summary>
    /// <value>Defaults to <see langword="null"/>: no pattern test.</value>
    public string? Pattern { get; set; }

    /// <summary>Gets or sets whether the condition is inverted: the rule matches when the attribute does not satisfy it.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Negate { get; set; }
}
