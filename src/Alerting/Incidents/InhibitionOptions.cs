using Alerting.Rules;

namespace Alerting.Incidents;

/// <summary>
/// An inhibition (Alertmanager's <c>inhibit_rules</c>): while an incident is open whose opening event matches
/// <see cref="SourceMatchers"/>, firing events that match <see cref="TargetMatchers"/> and have the same values as that
/// event for every name in <see cref="Equal"/> notify nobody and open no incident; they are recorded in the history as
/// suppressed (reason tag <c>inhibited</c>), with the inhibition and the inhibiting incident in the reason. Resolving
/// events always pass, and an event never inhibits itself. Bound from <c>Alerting:Inhibitions:{name}</c>.
/// </summary>
/// <example>
/// <code>
/// alerting.AddInhibition("db-down-mutes-jobs", i => i
///     .Source(s => s.ForTypes(AlertEventTypes.ServiceDegraded).FromSources("db"))
///     .Target(t => t.ForTypes("job.*"))
///     .WhenEqual("service"));
/// </code>
/// </example>
public sealed class InhibitionOptions
{
    /// <summary>Gets or sets whether the inhibition is in use.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets what the event that opened an inhibiting incident matches. <see cref="EventMatcherOptions.EventTypes"/>
    /// is required and names exact types: open incidents are looked up by the type of their opening event. Only open
    /// incidents inhibit, so a rule with incidents on must take these events.
    /// </summary>
    public EventMatcherOptions SourceMatchers { get; set; } = new();

    /// <summary>Gets or sets what the events held back match; at least one condition is required.</summary>
    public EventMatcherOptions TargetMatchers { get; set; } = new();

    /// <summary>
    /// Gets or sets the names whose values the source and target events must share: the fields <c>source</c>,
    /// <c>type</c>, <c>environment</c> and <c>severity</c>, or an attribute (<c>attributes.name</c>, or any other name).
    /// An attribute missing on either event is not equal.
    /// </summary>
    /// <value>Defaults to empty: any open source incident inhibits every target.</value>
    public List<string> Equal { get; set; } = [];

    /// <summary>Sets what the inhibiting incidents' opening events match.</summary>
    /// <param name="configure">Sets the conditions.</param>
    /// <returns>This inhibition.</returns>
    public InhibitionOptions Source(Action<EventMatcherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(SourceMatchers);
        return this;
    }

    /// <summary>Sets what the inhibited events match.</summary>
    /// <param name="configure">Sets the conditions.</param>
    /// <returns>This inhibition.</returns>
    public InhibitionOptions Target(Action<EventMatcherOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(TargetMatchers);
        return this;
    }

    /// <summary>Adds names whose values the source and target events must share.</summary>
    /// <param name="names">Fields (<c>source</c>, <c>type</c>, <c>environment</c>, <c>severity</c>) or attribute names.</param>
    /// <returns>This inhibition.</returns>
    public InhibitionOptions WhenEqual(params string[] names)
    {
        Equal.AddRange(names);
        return this;
    }
}
