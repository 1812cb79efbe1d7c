using System.Diagnostics.CodeAnalysis;

namespace Alerting.Rules;

/// <summary>
/// Which events something applies to, matched as a rule's conditions are: every list or value that is set must hold.
/// The source and target of an inhibition are matched with it.
/// </summary>
public sealed class EventMatcherOptions
{
    /// <summary>Gets or sets the event types matched; <c>*</c> matches any run of characters ("job.*").</summary>
    /// <value>Defaults to empty: every type.</value>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>Gets or sets the source patterns matched (case-insensitive; <c>*</c> matches any run of characters).</summary>
    /// <value>Defaults to empty: every source.</value>
    public List<string> Sources { get; set; } = [];

    /// <summary>Gets or sets the lowest severity matched.</summary>
    /// <value>Defaults to <see langword="null"/>: every severity.</value>
    public AlertSeverity? MinimumSeverity { get; set; }

    /// <summary>Gets or sets the environments matched (case-insensitive).</summary>
    /// <value>Defaults to empty: every environment, including none.</value>
    public List<string> Environments { get; set; } = [];

    /// <summary>Gets or sets conditions on attributes, all of which must hold.</summary>
    /// <value>Defaults to empty.</value>
    public List<AttributeCondition> Attributes { get; set; } = [];

    /// <summary>Adds event types to match.</summary>
    /// <param name="eventTypes">Types such as <see cref="AlertEventTypes.JobFailed"/>, or patterns with <c>*</c>.</param>
    /// <returns>This matcher.</returns>
    public EventMatcherOptions ForTypes(params string[] eventTypes)
    {
        EventTypes.AddRange(eventTypes);
        return this;
    }

    /// <summary>Adds source patterns to match.</summary>
    /// <param name="sourcePatterns">Source names, or patterns with <c>*</c>.</param>
    /// <returns>This matcher.</returns>
    public EventMatcherOptions FromSources(params string[] sourcePatterns)
    {
        Sources.AddRange(sourcePatterns);
        return this;
    }

    /// <summary>Sets the lowest severity to match.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>This matcher.</returns>
    public EventMatcherOptions WithMinimumSeverity(AlertSeverity severity)
    {
        MinimumSeverity = severity;
        return this;
    }

    /// <summary>Requires an attribute to equal a value.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value, compared as invariant text.</param>
    /// <returns>This matcher.</returns>
    public EventMatcherOptions WhenAttribute(string name, string value)
    {
        Attributes.Add(new AttributeCondition { Name = name, Value = value });
        return this;
    }

    /// <summary>Requires an attribute to match a regular expression.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="pattern">The regular expression.</param>
    /// <returns>This matcher.</returns>
    public EventMatcherOptions WhenAttributeMatches(string name, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern)
    {
        Attributes.Add(new AttributeCondition { Name = name, Pattern = pattern });
        return this;
    }

    /// <summary>The conditions as a rule's, for the rule compiler.</summary>
    internal AlertRuleOptions AsRuleConditions() => new()
    {
        EventTypes = EventTypes,
        Sources = Sources,
        MinimumSeverity = MinimumSeverity,
        Environments = Environments,
        Attributes = Attributes,
    };
}
