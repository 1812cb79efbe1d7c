namespace Alerting.Incidents;

/// <summary>
/// Where incident state lives: the in-process store by default, or a store shared by several instances of an app
/// (<c>Alerting.Redis</c>, or your own: register it as the <see cref="IIncidentStore"/> singleton after
/// <c>AddAlerting</c>). Every operation is one atomic decision on its own, so that a shared store gives the same
/// guarantees as the in-process one: opening an incident is "create if absent", so publishers racing on one key open it
/// once (and exactly one of them is told to notify); each resolve closes an incident at most once; an acknowledgement
/// made anywhere stops re-notification everywhere. The caller passes "now" from its <see cref="TimeProvider"/>: a store
/// decides by the times it is given and keeps, never by its own clock, so time-based tests stay meaningful.
/// </summary>
/// <remarks>
/// <see cref="OpenCount"/> and <see cref="GetOpen"/> serve statistics and listings, not the hot path; a shared store may
/// answer them with a blocking round trip.
/// </remarks>
public interface IIncidentStore
{
    /// <summary>The number of incidents open or acknowledged.</summary>
    int OpenCount { get; }

    /// <summary>
    /// Records a firing event for the rule's incident with <paramref name="key"/>: opens the incident when none is open,
    /// otherwise counts the occurrence and, when the repeat interval has passed since the last notification of an
    /// unacknowledged incident, claims the re-notification.
    /// </summary>
    ValueTask<FiringDecision> RecordFiringAsync(string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now, TimeSpan repeatInterval);

    /// <summary>
    /// Records a firing alert for the rule's grouped incident with <paramref name="groupKey"/> (a rule with
    /// <see cref="IncidentOptions.GroupBy"/>), in one atomic step: opens the group when none is open (its first
    /// notification is due <see cref="GroupTiming.GroupWait"/> from now); otherwise counts the event and adds the alert
    /// (its key is the event's effective dedup key) when it is new to the group or fires again after it resolved. When
    /// the group changed and no notification is due yet, the next is due <see cref="GroupTiming.GroupInterval"/> after
    /// the last one (now at the earliest); when nothing changed, an unacknowledged group whose last notification is
    /// <see cref="GroupTiming.RepeatInterval"/> old is due now. A firing alert while the group was resolving cancels the
    /// resolve (<see cref="GroupAlertDecision.Damped"/>). The group's incident is also found by the source and type of
    /// each firing alert (<see cref="FindBySourceAsync"/>, <see cref="FindByTypeAsync"/>).
    /// </summary>
    ValueTask<GroupAlertDecision> RecordGroupAlertAsync(string ruleName, string groupKey, AlertEvent alertEvent, DateTimeOffset now, GroupTiming timing);

    /// <summary>
    /// Marks the firing alerts with <paramref name="alertKeys"/> of the open grouped incident as resolved, in one atomic
    /// step. An alert that resolves before any notification listed it leaves the group unheard of. When every alert has
    /// resolved, <see cref="GroupAlertDecision.AllResolved"/> says so and nothing is scheduled (the caller resolves the
    /// incident); otherwise a change makes the next notification due as <see cref="RecordGroupAlertAsync"/> does.
    /// </summary>
    /// <returns>What it did; null when the incident is not open.</returns>
    ValueTask<GroupAlertDecision?> ResolveGroupAlertsAsync(string incidentId, IReadOnlyCollection<string> alertKeys, DateTimeOffset now, GroupTiming timing);

    /// <summary>
    /// Takes the grouped incident's due notification, in one atomic step: returns the incident with its alerts as they
    /// stand (<see cref="IncidentAlert.IsNew"/> and the alerts resolved since the last notification included), then
    /// records the notification: the firing alerts are no longer new, the resolved ones it reported leave the group, the
    /// last notification time is <paramref name="now"/> and no notification is due.
    /// </summary>
    /// <returns>The incident as the notification shows it; null when it is not open (resolved while the step waited).</returns>
    ValueTask<Incident?> TakeGroupNotificationAsync(string incidentId, DateTimeOffset now);

    /// <summary>The rule's open grouped incident holding a firing alert with <paramref name="alertKey"/>; null when there is none.</summary>
    ValueTask<Incident?> FindGroupOfAlertAsync(string ruleName, string alertKey);

    /// <summary>Adds channels to those notified for the incident.</summary>
    ValueTask MarkNotifiedAsync(string incidentId, IEnumerable<string> channels);

    /// <summary>The rule's open (or acknowledged) incident with <paramref name="key"/>; null when there is none.</summary>
    ValueTask<Incident?> FindAsync(string ruleName, string key);

    /// <summary>
    /// The rule's latest incident with <paramref name="key"/>: the open (or acknowledged) one, else the last one resolved
    /// while the store still keeps it, so a resolve that another instance already sent is not sent again; null when the
    /// store knows none.
    /// </summary>
    /// <returns>By default, what <see cref="FindAsync"/> returns: a store that keeps no resolved incident (the in-process one).</returns>
    ValueTask<Incident?> FindLatestAsync(string ruleName, string key) => FindAsync(ruleName, key);

    /// <summary>
    /// The open incidents (of any rule) opened by an event of one of <paramref name="eventTypes"/> from
    /// <paramref name="source"/>, and the grouped ones with a firing alert of one of those types from it.
    /// </summary>
    ValueTask<IReadOnlyList<Incident>> FindBySourceAsync(string source, IReadOnlyCollection<string> eventTypes);

    /// <summary>
    /// The open (or acknowledged) incidents, of any rule and source, opened by an event of one of
    /// <paramref name="eventTypes"/> (compared case-insensitively), and the grouped ones with a firing alert of one of
    /// those types, oldest first: the incidents that can inhibit an event.
    /// Asked only for events that an inhibition's target matches.
    /// </summary>
    /// <returns>
    /// By default, <see cref="GetOpen"/> filtered by type: a store written before this member answers from its whole
    /// listing (a blocking call on a shared store); a store should keep an index by type instead.
    /// </returns>
    ValueTask<IReadOnlyList<Incident>> FindByTypeAsync(IReadOnlyCollection<string> eventTypes) =>
        new([.. GetOpen().Where(i => i.Alerts.Count == 0
            ? eventTypes.Contains(i.EventType, StringComparer.OrdinalIgnoreCase)
            : i.Alerts.Any(a => a.Status == AlertStatus.Firing && eventTypes.Contains(a.Event.Type, StringComparer.OrdinalIgnoreCase)))]);

    /// <summary>
    /// Marks the incident as resolving: a firing event for it before the resolve is sent cancels the resolve. False
    /// when the incident is gone or already resolving.
    /// </summary>
    ValueTask<bool> MarkResolvingAsync(string incidentId, DateTimeOffset now);

    /// <summary>
    /// Closes the open incident with <paramref name="incidentId"/> (only if it is still resolving, when
    /// <paramref name="onlyIfResolving"/>); null when there is none to close.
    /// </summary>
    ValueTask<Incident?> ResolveAsync(string incidentId, DateTimeOffset now, bool onlyIfResolving = false);

    /// <summary>Acknowledges the open incident with <paramref name="incidentId"/>; null when there is none open and unacknowledged.</summary>
    ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note, DateTimeOffset now);

    /// <summary>The incident with <paramref name="incidentId"/> if it is open or acknowledged; null once resolved.</summary>
    ValueTask<Incident?> GetAsync(string incidentId);

    /// <summary>
    /// Records that escalation level <paramref name="level"/> (0-based) of round <paramref name="round"/> fires for the
    /// open, unacknowledged incident, unless it (or a later level) has fired already: so each level fires once, whichever
    /// instance runs its step and however often.
    /// </summary>
    /// <returns>
    /// The incident (as recorded), or none when it is gone or acknowledged; and whether this call recorded the level. By
    /// default, <see cref="GetAsync"/>'s open incident and "fires" every time: a store that records no escalation (one
    /// written before this member) lets a level fire again if its step runs twice.
    /// </returns>
    async ValueTask<EscalationRecord> RecordEscalationAsync(string incidentId, int level, int round, DateTimeOffset now) =>
        await GetAsync(incidentId).ConfigureAwait(false) is { Status: IncidentStatus.Open } incident ? new EscalationRecord(incident, true) : default;

    /// <summary>Records the phase of a human update on the open incident; null when there is none.</summary>
    ValueTask<Incident?> SetPhaseAsync(string incidentId, IncidentPhase phase);

    /// <summary>The incidents open or acknowledged, oldest first.</summary>
    IReadOnlyList<Incident> GetOpen();
}

/// <summary>What recording an escalation level did.</summary>
/// <param name="Incident">The open, unacknowledged incident as recorded; null when it is gone or acknowledged (escalation stops).</param>
/// <param name="Fires">Whether this call recorded the level (send it); false when it had fired already.</param>
public readonly record struct EscalationRecord(Incident? Incident, bool Fires);

/// <summary>What a firing event did to its incident.</summary>
/// <param name="IncidentId">The incident the event belongs to.</param>
/// <param name="Opened">Whether this event opened it (notify).</param>
/// <param name="Renotify">Whether the repeat interval has passed (notify again, with the count).</param>
/// <param name="Occurrences">The firing events it has collected, this one included.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="Damped">Whether the event came back while the incident was resolving, cancelling the resolve.</param>
public readonly record struct FiringDecision(string IncidentId, bool Opened, bool Renotify, int Occurrences, DateTimeOffset OpenedAt, bool Damped = false)
{
    /// <summary>Gets whether the caller sends a notification for this event (it opened the incident, or re-notifies).</summary>
    public bool Notifies => Opened || Renotify;
}
