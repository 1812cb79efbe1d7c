using Alerting.Diagnostics;
using Alerting.Incidents.Internal;
using Microsoft.Extensions.Logging;

namespace Alerting.Incidents;

/// <summary>
/// The incident gate (stage 3 of the flow): for a rule that tracks incidents, decides whether a firing event notifies, is
/// held for its group or suppressed (deduplicated, flapping), when a resolve goes out, and what a timed step (escalation
/// level, group flush, delayed resolve) does. It records each decision in the store and schedules the steps; the router
/// in <c>Dispatch</c> acts on the <see cref="GateDecision"/> it returns.
/// </summary>
internal sealed class IncidentGate : IDisposable
{
    private readonly IIncidentStore _store;
    private readonly TimeProvider _time;
    private readonly IncidentTimers _timers;

    /// <summary>A gate over <paramref name="store"/>.</summary>
    /// <param name="store">Where incidents are kept.</param>
    /// <param name="schedule">Where their timed steps wait.</param>
    /// <param name="time">The clock of the incidents and their steps.</param>
    /// <param name="stepDue">Runs a timed step when it is due (the router, which asks <see cref="StepAsync"/> and acts); it must not throw.</param>
    /// <param name="logger">Where a schedule that fails is logged.</param>
    /// <param name="work">Counts each due step as running work from its timer firing until it has run.</param>
    public IncidentGate(IIncidentStore store, IIncidentSchedule schedule, TimeProvider time, Func<IncidentStep, ValueTask> stepDue, ILogger logger, BackgroundWork work)
    {
        _store = store;
        _time = time;
        _timers = new IncidentTimers(schedule, time, stepDue, logger, work);
    }

    /// <summary>Starts running the timed steps as they come due (those overdue at once).</summary>
    public void Start() => _timers.Start();

    /// <summary>Records a firing event for <paramref name="ruleName"/>'s incident and decides whether it notifies now.</summary>
    /// <param name="ruleName">The rule.</param>
    /// <param name="policy">Its incident policy.</param>
    /// <param name="e">The event.</param>
    /// <param name="replayed">
    /// Whether an outbox gave the event back because the instance that accepted it stopped before its notifications had
    /// an outcome: if it is the event that opened its incident, the opening notification is sent again (at least once).
    /// </param>
    public async ValueTask<GateDecision> FiringAsync(string ruleName, IncidentPolicy policy, AlertEvent e, bool replayed = false)
    {
        if (policy.IsGrouped)
        {
            return await GroupFiringAsync(ruleName, policy, e).ConfigureAwait(false);
        }

        var key = policy.Key(e);
        var now = _time.GetUtcNow();
        var decision = await _store.RecordFiringAsync(ruleName, key, e, now, policy.RepeatInterval).ConfigureAwait(false);
        var note = decision.Renotify ? FormattableString.Invariant($"Still firing: {decision.Occurrences} occurrences since {decision.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.") : null;
        var context = new IncidentContext(decision.IncidentId, key, decision.Occurrences, decision.OpenedAt, note);
        if (decision.Opened)
        {
            if (policy.Escalation is { } escalation)
            {
                await _timers.ScheduleAsync(new IncidentStep(IncidentStepKind.Escalate, decision.IncidentId, ruleName), now + escalation.Levels[0].Delay).ConfigureAwait(false);
            }

            if (policy.GroupWait > TimeSpan.Zero)
            {
                await _timers.ScheduleAsync(new IncidentStep(IncidentStepKind.FlushGroup, decision.IncidentId, ruleName), now + policy.GroupWait).ConfigureAwait(false);
                return new GateDecision(GateVerdict.HoldForGroup, context, FormattableString.Invariant($"Grouping: incident {decision.IncidentId} notifies at {now + policy.GroupWait:u} with every event until then."), DeliveryReasonTags.Grouping);
            }
        }
        else if (decision.Damped)
        {
            return new GateDecision(GateVerdict.Suppress, context, FormattableString.Invariant($"Flapping: incident {decision.IncidentId} fired again while its resolve waited; it stays open without a new notification."), DeliveryReasonTags.Flapping);
        }
        else if (!decision.Renotify && replayed && policy.GroupWait <= TimeSpan.Zero && await OpenedByAsync(decision.IncidentId, e).ConfigureAwait(false))
        {
            return new GateDecision(GateVerdict.Notify, context with { Note = "Sent again: the instance that accepted this event stopped before its notifications had an outcome." });
        }
        else if (!decision.Renotify)
        {
            return new GateDecision(GateVerdict.Suppress, context, FormattableString.Invariant($"Duplicate of open incident {decision.IncidentId}: {decision.Occurrences} occurrences since {decision.OpenedAt:u}."), DeliveryReasonTags.Deduplicated);
        }

        return new GateDecision(GateVerdict.Notify, context);
    }

    /// <summary>Resolves an open incident at once, or after <paramref name="minResolveDelay"/> if the problem does not come back.</summary>
    /// <param name="incident">The open incident.</param>
    /// <param name="resolving">The event the resolve notification shows.</param>
    /// <param name="minResolveDelay">The rule's minimum resolve delay.</param>
    public async ValueTask<GateDecision> ResolveAsync(Incident incident, AlertEvent resolving, TimeSpan minResolveDelay)
    {
        var now = _time.GetUtcNow();
        if (minResolveDelay <= TimeSpan.Zero)
        {
            return await _store.ResolveAsync(incident.Id, now).ConfigureAwait(false) is { } closed
                ? new GateDecision(GateVerdict.Resolve, Event: resolving, Closed: closed)
                : GateDecision.Nothing;
        }

        if (await _store.MarkResolvingAsync(incident.Id, now).ConfigureAwait(false))
        {
            var finish = new IncidentStep(IncidentStepKind.FinishResolve, incident.Id, incident.RuleName, ResolveEvent: resolving);
            await _timers.ScheduleAsync(finish, now + minResolveDelay).ConfigureAwait(false);
        }

        return GateDecision.Nothing;
    }

    /// <summary>
    /// Resolves the alerts with <paramref name="alertKeys"/> of a grouped incident: the group resolves (as
    /// <see cref="ResolveAsync"/> does) when all its alerts have; otherwise its next notification reports them.
    /// </summary>
    /// <param name="group">The open grouped incident.</param>
    /// <param name="alertKeys">The keys of the alerts that resolved.</param>
    /// <param name="resolving">The event the group's resolve notification shows, should the group resolve.</param>
    /// <param name="policy">The incident policy of the group's rule.</param>
    public async ValueTask<GateDecision> ResolveGroupAlertsAsync(Incident group, IReadOnlyCollection<string> alertKeys, AlertEvent resolving, IncidentPolicy policy)
    {
        var now = _time.GetUtcNow();
        if (await _store.ResolveGroupAlertsAsync(group.Id, alertKeys, now, policy.Timing).ConfigureAwait(false) is not { } decision)
        {
            return GateDecision.Nothing;
        }

        return decision.AllResolved
            ? await ResolveAsync(group, resolving, policy.MinResolveDelay).ConfigureAwait(false)
            : await FlushWhenDueAsync(decision, group.RuleName, policy, now).ConfigureAwait(false) ?? GateDecision.Nothing;
    }

    /// <summary>Decides what a due step of an incident of a rule with <paramref name="policy"/> does.</summary>
    public async ValueTask<GateDecision> StepAsync(IncidentStep step, IncidentPolicy policy)
    {
        var now = _time.GetUtcNow();
        switch (step.Kind)
        {
            case IncidentStepKind.FinishResolve:
                return await _store.ResolveAsync(step.IncidentId, now, onlyIfResolving: true).ConfigureAwait(false) is { } closed
                    ? new GateDecision(GateVerdict.Resolve, Event: step.ResolveEvent, Closed: closed)
                    : GateDecision.Nothing;
            case IncidentStepKind.FlushGroup when policy.IsGrouped:
                return await TakeGroupNotificationAsync(step.IncidentId, policy, now).ConfigureAwait(false);
            case IncidentStepKind.FlushGroup:
                return await FlushGroupAsync(step).ConfigureAwait(false);
            default:
                return policy.Escalation is { } escalation ? await EscalateAsync(step, escalation, policy).ConfigureAwait(false) : GateDecision.Nothing;
        }
    }

    /// <summary>Marks the incident notified on the channels the decision's notifications were queued for.</summary>
    public ValueTask CompleteAsync(GateDecision decision, IReadOnlyCollection<string> notified) => _store.MarkNotifiedAsync(decision.Incident!.Id, notified);

    /// <summary>The open incidents of other types for the event's source that a recovery event (<c>job.succeeded</c>, <c>service.recovered</c>, <c>health.recovered</c>) resolves.</summary>
    public async ValueTask<IReadOnlyList<Incident>> OpenProblemsResolvedByAsync(AlertEvent e) =>
        ResolvingEvents.ProblemsResolvedBy(e.Type) is { } problems
            ? await _store.FindBySourceAsync(e.Source, problems).ConfigureAwait(false)
            : [];

    /// <summary>The keys of the firing alerts of a grouped incident that a recovery event (<c>job.succeeded</c>, <c>service.recovered</c>, <c>health.recovered</c>) resolves: those of its source and of the problem types it ends.</summary>
    public static IReadOnlyCollection<string> AlertsRecoveredBy(Incident group, AlertEvent recovery) =>
        ResolvingEvents.ProblemsResolvedBy(recovery.Type) is { } problems
            ? [.. group.Alerts.Where(a => a.Status == AlertStatus.Firing && a.Event.Source == recovery.Source && problems.Contains(a.Event.Type)).Select(a => a.Key)]
            : [];

    /// <summary>The open group of <paramref name="ruleName"/> holding the firing alert that the resolved event <paramref name="e"/> ends; null if none.</summary>
    public ValueTask<Incident?> FindGroupOfAlertAsync(string ruleName, AlertEvent e) => _store.FindGroupOfAlertAsync(ruleName, e.EffectiveDedupKey);

    /// <summary>The latest incident of <paramref name="ruleName"/> that <paramref name="e"/> belongs to: open, or resolved while the store keeps it; null if none.</summary>
    public ValueTask<Incident?> FindLatestAsync(string ruleName, IncidentPolicy policy, AlertEvent e) => _store.FindLatestAsync(ruleName, policy.Key(e));

    /// <summary>Stops the timers: no step runs once stopping has begun.</summary>
    public void Dispose() => _timers.Dispose();

    /// <summary>Whether <paramref name="e"/> is the event that opened the incident.</summary>
    private async ValueTask<bool> OpenedByAsync(string incidentId, AlertEvent e) =>
        await _store.GetAsync(incidentId).ConfigureAwait(false) is { OpeningEvent.Id: var opening } && opening == e.Id;

    /// <summary>
    /// A firing alert of a grouped rule: joins (or opens) its group, whose notification goes out when the store says it
    /// is due: at once if it is due now, else by a <see cref="IncidentStepKind.FlushGroup"/> step.
    /// </summary>
    private async ValueTask<GateDecision> GroupFiringAsync(string ruleName, IncidentPolicy policy, AlertEvent e)
    {
        var now = _time.GetUtcNow();
        var decision = await _store.RecordGroupAlertAsync(ruleName, policy.Key(e), e, now, policy.Timing).ConfigureAwait(false);
        if (decision.Opened && policy.Escalation is { } escalation)
        {
            await _timers.ScheduleAsync(new IncidentStep(IncidentStepKind.Escalate, decision.IncidentId, ruleName), now + escalation.Levels[0].Delay).ConfigureAwait(false);
        }

        if (await FlushWhenDueAsync(decision, ruleName, policy, now).ConfigureAwait(false) is { } flushed)
        {
            return flushed;
        }

        var group = policy.GroupLabels(e);
        var context = new IncidentContext(decision.IncidentId, policy.Key(e), decision.Occurrences, decision.OpenedAt, Group: group);
        if (decision.Damped)
        {
            return new GateDecision(GateVerdict.Suppress, context, FormattableString.Invariant($"Flapping: alert {e.EffectiveDedupKey} fired again while group {group} (incident {decision.IncidentId}) was resolving; it stays open without a new notification."), DeliveryReasonTags.Flapping);
        }

        return decision.FlushAt is { } due
            ? new GateDecision(GateVerdict.HoldForGroup, context, FormattableString.Invariant($"Grouping: alert {e.EffectiveDedupKey} is in group {group} (incident {decision.IncidentId}), which notifies at {due:u}."), DeliveryReasonTags.Grouping)
            : decision.Changed
                ? new GateDecision(GateVerdict.HoldForGroup, context, FormattableString.Invariant($"Grouping: alert {e.EffectiveDedupKey} joins group {group} (incident {decision.IncidentId}) in its next notification."), DeliveryReasonTags.Grouping)
                : new GateDecision(GateVerdict.Suppress, context, FormattableString.Invariant($"Duplicate of alert {e.EffectiveDedupKey} in group {group} (incident {decision.IncidentId}): {decision.Occurrences} events in the group since {decision.OpenedAt:u}."), DeliveryReasonTags.Deduplicated);
    }

    /// <summary>
    /// When a group decision made its next notification due: the notification now if it is due now, else schedules the
    /// step that sends it (and null).
    /// </summary>
    private async ValueTask<GateDecision?> FlushWhenDueAsync(GroupAlertDecision decision, string ruleName, IncidentPolicy policy, DateTimeOffset now)
    {
        if (decision.FlushAt is not { } due)
        {
            return null;
        }

        if (due > now)
        {
            await _timers.ScheduleAsync(new IncidentStep(IncidentStepKind.FlushGroup, decision.IncidentId, ruleName), due).ConfigureAwait(false);
            return null;
        }

        return await TakeGroupNotificationAsync(decision.IncidentId, policy, now).ConfigureAwait(false);
    }

    /// <summary>A grouped incident's due notification, listing its alerts; nothing when it resolved meanwhile.</summary>
    private async ValueTask<GateDecision> TakeGroupNotificationAsync(string incidentId, IncidentPolicy policy, DateTimeOffset now)
    {
        if (await _store.TakeGroupNotificationAsync(incidentId, now).ConfigureAwait(false) is not { } group)
        {
            return GateDecision.Nothing;
        }

        return new GateDecision(GateVerdict.Notify, IncidentContext.Of(group, policy), Event: group.OpeningEvent);
    }

    /// <summary>A new incident's first notification once its group wait is over, with the count of what arrived meanwhile.</summary>
    private async ValueTask<GateDecision> FlushGroupAsync(IncidentStep step)
    {
        if (await _store.GetAsync(step.IncidentId).ConfigureAwait(false) is not { Status: IncidentStatus.Open } incident)
        {
            return GateDecision.Nothing; // resolved (or acknowledged) while it waited
        }

        var note = incident.Occurrences > 1 ? FormattableString.Invariant($"{incident.Occurrences} events since {incident.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.") : null;
        var context = new IncidentContext(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt, note);
        return new GateDecision(GateVerdict.Notify, context, Event: incident.OpeningEvent);
    }

    /// <summary>
    /// An escalation level of an incident that is still open and unacknowledged, once: the store records the level as it
    /// fires, so a step run again (by an instance that took over the lease of one that stopped) sends nothing twice. The
    /// next level is scheduled before this one is sent, and again by such a re-run while it has not fired, so the
    /// escalation goes on whichever instance stops when.
    /// </summary>
    private async ValueTask<GateDecision> EscalateAsync(IncidentStep step, EscalationPlan plan, IncidentPolicy policy)
    {
        var now = _time.GetUtcNow();
        var (incident, fires) = await _store.RecordEscalationAsync(step.IncidentId, step.Level, step.Round, now).ConfigureAwait(false);
        if (incident is null)
        {
            return GateDecision.Nothing; // resolved or acknowledged: escalation stops
        }

        if ((incident.EscalationRound, incident.EscalationLevel) == (step.Round, step.Level + 1) && plan.Next(step.Level, step.Round) is { } next)
        {
            var nextStep = step with { Level = next.Level, Round = next.Round };
            await _timers.ScheduleAsync(nextStep, now + plan.Levels[next.Level].Delay).ConfigureAwait(false);
        }

        if (!fires)
        {
            return GateDecision.Nothing; // this level fired already
        }

        var number = step.Level + 1;
        var note = FormattableString.Invariant($"Escalated to level {number} of {plan.Levels.Count}: unacknowledged since {incident.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.");
        return new GateDecision(GateVerdict.Escalate, IncidentContext.Of(incident, policy, note, number), Event: incident.OpeningEvent, Step: step);
    }
}
