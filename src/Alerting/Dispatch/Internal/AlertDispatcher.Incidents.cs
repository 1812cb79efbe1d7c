using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;

namespace Alerting.Dispatch.Internal;

/// <summary>The incident gate: what a rule that tracks incidents does with firing and resolving events, and its timed steps.</summary>
internal sealed partial class AlertDispatcher
{
    private async ValueTask RouteFiringAsync(Envelope envelope, CompiledRule rule, IncidentPolicy policy)
    {
        var e = envelope.Event;
        var key = policy.Key(e);
        var now = _time.GetUtcNow();
        var decision = await _incidents.RecordFiringAsync(rule.Name, key, e, now, policy.RepeatInterval).ConfigureAwait(false);
        var note = decision.Renotify ? FormattableString.Invariant($"Still firing: {decision.Occurrences} occurrences since {decision.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.") : null;
        var context = new IncidentContext(decision.IncidentId, key, decision.Occurrences, decision.OpenedAt, note);
        if (decision.Opened)
        {
            if (policy.Escalation is { } escalation)
            {
                _timers.Schedule(new IncidentStep(IncidentStepKind.Escalate, decision.IncidentId, rule.Name), now + escalation.Levels[0].Delay);
            }

            if (policy.GroupWait > TimeSpan.Zero)
            {
                _timers.Schedule(new IncidentStep(IncidentStepKind.FlushGroup, decision.IncidentId, rule.Name), now + policy.GroupWait);
                RecordSuppressed(envelope, rule, FormattableString.Invariant($"Grouping: incident {decision.IncidentId} notifies at {now + policy.GroupWait:u} with every event until then."), DeliveryReasonTags.Grouping, context);
                return;
            }
        }
        else if (decision.Damped)
        {
            RecordSuppressed(envelope, rule, FormattableString.Invariant($"Flapping: incident {decision.IncidentId} fired again while its resolve waited; it stays open without a new notification."), DeliveryReasonTags.Flapping, context);
            return;
        }
        else if (!decision.Renotify)
        {
            RecordSuppressed(envelope, rule, FormattableString.Invariant($"Duplicate of open incident {decision.IncidentId}: {decision.Occurrences} occurrences since {decision.OpenedAt:u}."), DeliveryReasonTags.Deduplicated, context);
            return;
        }

        var notified = await QueueAsync(envelope, rule.Actions, context).ConfigureAwait(false);
        await _incidents.MarkNotifiedAsync(decision.IncidentId, notified!).ConfigureAwait(false);
    }

    /// <summary>Resolves an open incident at once, or after its rule's minimum resolve delay if the problem does not come back.</summary>
    private async ValueTask ResolveIncidentAsync(Envelope envelope, Incident incident, AlertEvent notifiedEvent)
    {
        var now = _time.GetUtcNow();
        var delay = _compiled!.Rules.Find(incident.RuleName)?.Incidents?.MinResolveDelay ?? TimeSpan.Zero;
        if (delay <= TimeSpan.Zero)
        {
            if (await _incidents.ResolveAsync(incident.Id, now).ConfigureAwait(false) is { } closed)
            {
                await NotifyIncidentAsync(envelope, closed, NotificationKind.Resolve, notifiedEvent).ConfigureAwait(false);
            }
        }
        else if (await _incidents.MarkResolvingAsync(incident.Id, now).ConfigureAwait(false))
        {
            _timers.Schedule(new IncidentStep(IncidentStepKind.FinishResolve, incident.Id, incident.RuleName, ResolveEvent: notifiedEvent), now + delay);
        }
    }

    /// <summary>Sends an incident's resolve or acknowledge notification to the channels that were notified for it.</summary>
    internal async ValueTask NotifyIncidentAsync(Envelope envelope, Incident incident, NotificationKind kind, AlertEvent notifiedEvent)
    {
        if (_compiled?.Rules.Find(incident.RuleName) is not { } rule)
        {
            return; // the rule is gone (configuration reloaded): nobody to tell
        }

        var context = new IncidentContext(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt);
        var escalated = rule.Incidents?.Escalation?.Levels.SelectMany(l => l.Actions) ?? [];
        CompiledAction[] actions = [.. rule.Actions.Concat(escalated)
            .Where(a => incident.NotifiedChannels.Contains(a.Target.Name, StringComparer.OrdinalIgnoreCase))
            .DistinctBy(a => a.Target.Name, StringComparer.OrdinalIgnoreCase)];
        await QueueAsync(envelope with { Event = notifiedEvent }, actions, context, kind).ConfigureAwait(false);
    }

    /// <summary>An incident's opening event as resolved, stamped now, with the resolving message.</summary>
    internal AlertEvent ResolvingCopy(Incident incident, string? message)
    {
        var resolved = incident.OpeningEvent!.ToResolved(message);
        resolved.StampOnPublish(_time.GetUtcNow(), _options.Environment);
        return resolved;
    }

    private async ValueTask RunStepAsync(IncidentStep step)
    {
        if (_compiled?.Rules.Find(step.RuleName) is not { Incidents: { } policy } rule)
        {
            return; // the rule is gone or no longer tracks incidents
        }

        var now = _time.GetUtcNow();
        switch (step.Kind)
        {
            case IncidentStepKind.FinishResolve:
                if (await _incidents.ResolveAsync(step.IncidentId, now, onlyIfResolving: true).ConfigureAwait(false) is { } closed)
                {
                    await NotifyIncidentAsync(new Envelope(step.ResolveEvent!, null, default), closed, NotificationKind.Resolve, step.ResolveEvent!).ConfigureAwait(false);
                }

                break;
            case IncidentStepKind.FlushGroup:
                await FlushGroupAsync(step, rule).ConfigureAwait(false);
                break;
            default:
                if (policy.Escalation is { } escalation)
                {
                    await EscalateAsync(step, escalation).ConfigureAwait(false);
                }

                break;
        }
    }

    /// <summary>Sends a new incident's first notification once its group wait is over, with the count of what arrived meanwhile.</summary>
    private async ValueTask FlushGroupAsync(IncidentStep step, CompiledRule rule)
    {
        if (await _incidents.GetAsync(step.IncidentId).ConfigureAwait(false) is not { Status: IncidentStatus.Open } incident)
        {
            return; // resolved (or acknowledged) while it waited
        }

        var note = incident.Occurrences > 1 ? FormattableString.Invariant($"{incident.Occurrences} events since {incident.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.") : null;
        var context = new IncidentContext(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt, note);
        var notified = await QueueAsync(new Envelope(incident.OpeningEvent!, null, default), rule.Actions, context, NotificationKind.Trigger).ConfigureAwait(false);
        await _incidents.MarkNotifiedAsync(incident.Id, notified!).ConfigureAwait(false);
    }

    /// <summary>Runs an escalation level of an incident that is still open and unacknowledged, and schedules the next.</summary>
    private async ValueTask EscalateAsync(IncidentStep step, EscalationPlan plan)
    {
        if (await _incidents.GetAsync(step.IncidentId).ConfigureAwait(false) is not { Status: IncidentStatus.Open } incident)
        {
            return; // resolved or acknowledged: escalation stops
        }

        var number = step.Level + 1;
        var note = FormattableString.Invariant($"Escalated to level {number} of {plan.Levels.Count}: unacknowledged since {incident.OpenedAt.UtcDateTime:yyyy-MM-dd HH:mm}Z.");
        var context = new IncidentContext(incident.Id, incident.Key, incident.Occurrences, incident.OpenedAt, note, number);
        var notified = await QueueAsync(new Envelope(incident.OpeningEvent!, null, default), plan.Levels[step.Level].Actions, context, NotificationKind.Trigger).ConfigureAwait(false);
        await _incidents.MarkNotifiedAsync(incident.Id, notified!).ConfigureAwait(false);
        if (plan.Next(step.Level, step.Round) is { } next)
        {
            _timers.Schedule(step with { Level = next.Level, Round = next.Round }, _time.GetUtcNow() + plan.Levels[next.Level].Delay);
        }
    }
}
