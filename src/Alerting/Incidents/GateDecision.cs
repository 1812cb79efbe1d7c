namespace Alerting.Incidents;

/// <summary>What the incident gate decided an event or a timed step calls for; <c>Dispatch</c> carries it out.</summary>
internal enum GateVerdict
{
    /// <summary>Queue the rule's actions, then report them with <see cref="IncidentGate.CompleteAsync"/>.</summary>
    Notify,

    /// <summary>Queue the actions of the escalation level <see cref="GateDecision.Step"/> names, then report them with <see cref="IncidentGate.CompleteAsync"/>.</summary>
    Escalate,

    /// <summary>Send a resolve to the channels notified for <see cref="GateDecision.Closed"/>.</summary>
    Resolve,

    /// <summary>Record the event as suppressed with <see cref="GateDecision.Reason"/> (a duplicate, or flapping).</summary>
    Suppress,

    /// <summary>Record the event as suppressed: the incident collects events until its group-wait step notifies.</summary>
    HoldForGroup,

    /// <summary>Nothing now: a resolve waits out its delay, the incident closed meanwhile, or the rule lost its escalation.</summary>
    None,
}

/// <summary>
/// The incident gate's decision (stage 3 of the flow): what to do, for which incident and why. The router in
/// <c>Dispatch</c> acts on it; the gate never queues a notification itself.
/// </summary>
/// <param name="Verdict">What to do.</param>
/// <param name="Incident">The incident the notifications or suppressions belong to.</param>
/// <param name="Reason">Why the event is suppressed (Suppress, HoldForGroup).</param>
/// <param name="ReasonTag">The bounded reason tag of the suppression.</param>
/// <param name="Event">For a timed step, the event to notify (the opening event, or the resolving copy); for Resolve, the event the resolve shows.</param>
/// <param name="Closed">For Resolve, the incident as closed.</param>
/// <param name="Step">For Escalate, the step that ran (the next level is scheduled already).</param>
internal readonly record struct GateDecision(
    GateVerdict Verdict,
    IncidentContext? Incident = null,
    string? Reason = null,
    string? ReasonTag = null,
    AlertEvent? Event = null,
    Incident? Closed = null,
    IncidentStep? Step = null)
{
    /// <summary>Nothing to do now.</summary>
    public static GateDecision Nothing => new(GateVerdict.None);
}
