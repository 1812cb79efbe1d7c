using Alerting.Incidents;
using System.Diagnostics.CodeAnalysis;

namespace Alerting.Rules;

/// <summary>
/// A rule: which events it matches and what it does then. Every condition that is set must hold; a rule with no
/// conditions matches every event. Bound from <c>Alerting:Rules:{name}</c>, or built in code with the fluent methods.
/// </summary>
/// <example>
/// <code>
/// alerting.AddRule("failed-imports", rule => rule
///     .ForTypes(AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut)
///     .FromSources("import-*")
///     .WithMinimumSeverity(AlertSeverity.Error)
///     .Notify("ops", action => action.Title = "Import {source} failed: {message}"));
/// </code>
/// </example>
public sealed class AlertRuleOptions
{
    /// <summary>Gets or sets whether the rule is in use.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the event types the rule matches; <c>*</c> matches any run of characters ("job.*").</summary>
    /// <value>Defaults to empty: every type.</value>
    public List<string> EventTypes { get; set; } = [];

    /// <summary>Gets or sets the source patterns the rule matches (case-insensitive; <c>*</c> matches any run of characters).</summary>
    /// <value>Defaults to empty: every source.</value>
    public List<string> Sources { get; set; } = [];

    /// <summary>Gets or sets the lowest severity the rule matches.</summary>
    /// <value>Defaults to <see langword="null"/>: every severity.</value>
    public AlertSeverity? MinimumSeverity { get; set; }

    /// <summary>Gets or sets the environments the rule matches (case-insensitive).</summary>
    /// <value>Defaults to empty: every environment, including none.</value>
    public List<string> Environments { get; set; } = [];

    /// <summary>Gets or sets the status the rule matches.</summary>
    /// <value>Defaults to <see langword="null"/>: firing and resolved events.</value>
    public AlertStatus? Status { get; set; }

    /// <summary>Gets or sets conditions on attributes, all of which must hold.</summary>
    public List<AttributeCondition> Attributes { get; set; } = [];

    /// <summary>Gets or sets a condition in code, checked after all the others; an exception counts as no match and is logged.</summary>
    public Func<AlertEvent, bool>? Predicate { get; set; }

    /// <summary>Gets or sets a threshold: fire only after N matching events within a window.</summary>
    /// <value>Defaults to <see langword="null"/>: every match fires.</value>
    public RuleThresholdOptions? Threshold { get; set; }

    /// <summary>Gets or sets what the rule does when it matches, in order.</summary>
    public List<RuleActionOptions> Actions { get; set; } = [];

    /// <summary>
    /// Gets or sets the names of time intervals (<c>Alerting:TimeIntervals</c>) during which the rule sends no problem
    /// notifications: its matching firing events are recorded as suppressed (<see cref="DeliveryReasonTags.Muted"/>)
    /// and open no incident. Resolutions still go out.
    /// </summary>
    /// <value>Defaults to empty: never muted.</value>
    public List<string> MuteTimeIntervals { get; set; } = [];

    /// <summary>
    /// Gets or sets the names of time intervals outside which the rule sends no problem notifications (recorded as
    /// suppressed, <see cref="DeliveryReasonTags.Inactive"/>). Resolutions still go out.
    /// </summary>
    /// <value>Defaults to empty: always active.</value>
    public List<string> ActiveTimeIntervals { get; set; } = [];

    /// <summary>Gets or sets how matching events become incidents: deduplicated, re-notified on an interval, resolved.</summary>
    /// <value>Defaults to incidents on, keyed by the event's dedup key, re-notified every 4 hours.</value>
    public IncidentOptions Incidents { get; set; } = new();

    /// <summary>Adds event types to match.</summary>
    /// <param name="eventTypes">Types such as <see cref="AlertEventTypes.JobFailed"/>, or patterns with <c>*</c>.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions ForTypes(params string[] eventTypes)
    {
        EventTypes.AddRange(eventTypes);
        return this;
    }

    /// <summary>Adds source patterns to match.</summary>
    /// <param name="sourcePatterns">Source names, or patterns with <c>*</c>.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions FromSources(params string[] sourcePatterns)
    {
        Sources.AddRange(sourcePatterns);
        return this;
    }

    /// <summary>Sets the lowest severity to match.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions WithMinimumSeverity(AlertSeverity severity)
    {
        MinimumSeverity = severity;
        return this;
    }

    /// <summary>Adds environments to match.</summary>
    /// <param name="environments">Environment names.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions InEnvironments(params string[] environments)
    {
        Environments.AddRange(environments);
        return this;
    }

    /// <summary>Requires an attribute to equal a value.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="value">The value, compared as invariant text.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions WhenAttribute(string name, string value)
    {
        Attributes.Add(new AttributeCondition { Name = name, Value = value });
        return this;
    }

    /// <summary>Requires an attribute to match a regular expression.</summary>
    /// <param name="name">The attribute name.</param>
    /// <param name="pattern">The regular expression.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions WhenAttributeMatches(string name, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern)
    {
        Attributes.Add(new AttributeCondition { Name = name, Pattern = pattern });
        return this;
    }

    /// <summary>Adds a condition in code.</summary>
    /// <param name="predicate">The condition; combined with any earlier one by "and".</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions When(Func<AlertEvent, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var earlier = Predicate;
        Predicate = earlier is null ? predicate : e => earlier(e) && predicate(e);
        return this;
    }

    /// <summary>Fires only after <paramref name="count"/> matching events for one dedup key within <paramref name="window"/>.</summary>
    /// <param name="count">How many matches it takes.</param>
    /// <param name="window">The window they must fall in.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions AfterCount(int count, TimeSpan window)
    {
        Threshold = new RuleThresholdOptions { Count = count, Window = window };
        return this;
    }

    /// <summary>Mutes the rule while any of the named time intervals holds.</summary>
    /// <param name="timeIntervals">Keys of <c>AlertingOptions.TimeIntervals</c>.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions MuteDuring(params string[] timeIntervals)
    {
        MuteTimeIntervals.AddRange(timeIntervals);
        return this;
    }

    /// <summary>Makes the rule act only while one of the named time intervals holds.</summary>
    /// <param name="timeIntervals">Keys of <c>AlertingOptions.TimeIntervals</c>.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions ActiveDuring(params string[] timeIntervals)
    {
        ActiveTimeIntervals.AddRange(timeIntervals);
        return this;
    }

    /// <summary>Turns incident handling off: every matching event notifies (for example on success).</summary>
    /// <returns>These options.</returns>
    public AlertRuleOptions WithoutIncidents()
    {
        Incidents.Enabled = false;
        return this;
    }

    /// <summary>Sets how long repeats of an open incident stay quiet before it is notified again, with the count.</summary>
    /// <param name="interval">The repeat interval.</param>
    /// <returns>These options.</returns>
    public AlertRuleOptions RepeatEvery(TimeSpan interval)
    {
        Incidents.RepeatInterval = interval;
        return this;
    }

    /// <summary>Escalates this rule's incidents with the named policy while they stay unacknowledged.</summary>
    /// <param name="policyName">A key of <c>AlertingOptions.EscalationPolicies</c>.</param>
    /// <returns>These options.</returns>
    public AlertRuleOptions EscalateWith(string policyName)
    {
        Incidents.EscalationPolicy = policyName;
        return this;
    }

    /// <summary>
    /// Groups the rule's events into one incident per value of these names, whatever their source and type: one
    /// notification for the group's alerts after <see cref="IncidentOptions.GroupWait"/>, then updates at most every
    /// <see cref="IncidentOptions.GroupInterval"/> (see <see cref="IncidentOptions.GroupBy"/>).
    /// </summary>
    /// <param name="names">Event fields (<c>type</c>, <c>source</c>, <c>severity</c>, <c>environment</c>) or attribute names, for example <c>region</c>.</param>
    /// <returns>These options.</returns>
    public AlertRuleOptions GroupIncidentsBy(params string[] names)
    {
        Incidents.GroupBy.AddRange(names);
        return this;
    }

    /// <summary>Adds an action that notifies a channel.</summary>
    /// <param name="channel">The channel name.</param>
    /// <param name="configure">Overrides of severity and templates for this action.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions Notify(string channel, Action<RuleActionOptions>? configure = null)
    {
        var action = new RuleActionOptions { Channel = channel };
        configure?.Invoke(action);
        Actions.Add(action);
        return this;
    }

    /// <summary>Adds an action that calls host code.</summary>
    /// <param name="callback">The code to run.</param>
    /// <returns>This rule.</returns>
    public AlertRuleOptions Call(Func<AlertCallbackContext, ValueTask> callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        Actions.Add(new RuleActionOptions { Callback = callback });
        return this;
    }
}
