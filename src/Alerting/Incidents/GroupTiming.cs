namespace Alerting.Incidents;

/// <summary>When a grouped incident notifies, as a rule's <see cref="IncidentOptions"/> say.</summary>
/// <param name="GroupWait">How long a new group collects alerts before its first notification.</param>
/// <param name="GroupInterval">How long after a notification of the group the next one that reports changes (alerts new or resolved) may go out.</param>
/// <param name="RepeatInterval">How long after a notification an unchanged, unacknowledged group is notified again.</param>
public readonly record struct GroupTiming(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval);

/// <summary>What a firing or resolving alert did to its group.</summary>
/// <param name="IncidentId">The group's incident.</param>
/// <param name="Opened">Whether this alert opened the group.</param>
/// <param name="Changed">Whether the group changed (an alert new to it, one firing again, or one resolved).</param>
/// <param name="AllResolved">Whether every alert of the group has resolved (the group resolves).</param>
/// <param name="Occurrences">The firing events the group has collected.</param>
/// <param name="OpenedAt">When the group opened.</param>
/// <param name="FlushAt">
/// When this call set the group's next notification: the caller schedules it (a <see cref="IncidentStepKind.FlushGroup"/>
/// step at that time). Null when a notification was already due, or none is needed.
/// </param>
/// <param name="Damped">Whether the alert came back while the group was resolving, cancelling the resolve.</param>
public readonly record struct GroupAlertDecision(
    string IncidentId,
    bool Opened,
    bool Changed,
    bool AllResolved,
    int Occurrences,
    DateTimeOffset OpenedAt,
    DateTimeOffset? FlushAt,
    bool Damped = false);
