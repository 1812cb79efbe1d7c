using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;
using Microsoft.Extensions.Logging;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The rule router (stage 2 of the flow): matches each accepted event against the rules (index, conditions, silences,
/// thresholds), asks the <see cref="IncidentGate"/> about the rules that track incidents, and acts on its
/// <see cref="GateDecision"/>: queues the actions on the <see cref="ChannelQueues"/> or records why nothing is sent.
/// One routing loop calls it, so the candidate list needs no lock; thresholds count in the <see cref="IThresholdStore"/>.
/// </summary>
internal sealed class EventRouter : IDisposable
{
    private readonly List<CompiledRule> _candidates = [];
    private readonly IncidentGate _gate;
    private readonly IThresholdStore _thresholds;
    private readonly SilenceRegistry _silences;
    private readonly IIncidentStore _incidents;
    private readonly OutcomeRecorder _recorder;
    private readonly ChannelQueues _channels;
    private readonly AlertingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly string? _environment;
    private readonly ILogger _logger;
    private readonly BackgroundWork _work;
    private CompiledAlerting? _compiled;
    private CompiledAlerting? _routing;

    public EventRouter(
        IIncidentStore incidents,
        IIncidentSchedule schedule,
        IThresholdStore thresholds,
        SilenceRegistry silences,
        OutcomeRecorder recorder,
        ChannelQueues channels,
        AlertingMetrics metrics,
        TimeProvider time,
        string? environment,
        ILogger logger,
        BackgroundWork work)
    {
        _gate = new IncidentGate(incidents, schedule, time, RunStepAsync, logger, work);
        _work = work;
        _thresholds = thresholds;
        _silences = silences;
        _incidents = incidents;
        _recorder = recorder;
        _channels = channels;
        _metrics = metrics;
        _time = time;
        _environment = environment;
        _logger = logger;
    }

    /// <summary>Starts routing by <paramref name="compiled"/>, whose silences join those added at run time (read from their store from now on), and running the incident steps as they come due.</summary>
    public void Start(CompiledAlerting compiled)
    {
        _silences.ReplaceConfigured(compiled.Silences, compiled.TimeIntervals);
        _silences.Start();
        Volatile.Write(ref _compiled, compiled);
        _gate.Start();
    }

    /// <summary>
    /// Routes by <paramref name="next"/> from now on (its silences replace the previous configuration's) and returns the
    /// configuration it replaces, which routing steps already under way keep until they end.
    /// </summary>
    public CompiledAlerting Swap(CompiledAlerting next)
    {
        _silences.ReplaceConfigured(next.Silences, next.TimeIntervals);
        return Interlocked.Exchange(ref _compiled, next)!;
    }

    /// <summary>Ends the routing loop's hold on its configuration; the loop calls it when it ends.</summary>
    public void EndRouting()
    {
        _routing?.Exit();
        _routing = null;
    }

    /// <summary>Routes one accepted event: resolves the incidents it recovers, then hands it to every rule that takes it.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RouteAsync(Envelope envelope)
    {
        var compiled = RoutingConfiguration();
        var e = envelope.Event;
        var recovered = await _gate.OpenProblemsResolvedByAsync(e).ConfigureAwait(false);
        foreach (var incident in recovered)
        {
            var resolving = ResolvingCopy(incident, e.Message);
            if (incident.Alerts.Count > 0 && compiled.Rules.Find(incident.RuleName) is { Incidents: { IsGrouped: true } policy } groupRule)
            {
                var alertKeys = IncidentGate.AlertsRecoveredBy(incident, e);
                await ActAsync(compiled, envelope, groupRule, await _gate.ResolveGroupAlertsAsync(incident, alertKeys, resolving, policy).ConfigureAwait(false)).ConfigureAwait(false);
            }
            else
            {
                await ActAsync(compiled, envelope, null, await _gate.ResolveAsync(incident, resolving, MinResolveDelay(compiled, incident)).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        var silence = _silences.Find(e, _time);
        var inhibition = silence is null && compiled.Inhibitions.All.Count > 0 ? await InhibitionOfAsync(compiled, e).ConfigureAwait(false) : null;
        compiled.Rules.CollectCandidates(e.Type, _candidates);
        foreach (var rule in _candidates)
        {
            if (!Admits(envelope, rule, silence, inhibition))
            {
                continue;
            }

            if (rule.Threshold is { } threshold &&
                await _thresholds.RecordMatchAsync(rule.Name, e.EffectiveDedupKey, e.Timestamp, threshold.Count, threshold.Window).ConfigureAwait(false) is { Reached: false } counted)
            {
                RecordSuppressed(envelope, rule, $"Threshold not reached: {counted.Seen} of {threshold.Count} matches within {threshold.Window}.", DeliveryReasonTags.Threshold);
                continue;
            }

            if (rule.Incidents is not { } policy || e.Type == AlertEventTypes.IncidentUpdated)
            {
                await _channels.QueueAsync(envelope, InTimeWindows(envelope, rule.Actions, null), null).ConfigureAwait(false);
            }
            else if (e.Status == AlertStatus.Resolved && policy.IsGrouped)
            {
                // An alert of a group resolves within its group; the group resolves when all its alerts have.
                if (await _gate.FindGroupOfAlertAsync(rule.Name, e).ConfigureAwait(false) is { } group)
                {
                    var decision = await _gate.ResolveGroupAlertsAsync(group, [e.EffectiveDedupKey], ResolvingCopy(group, e.Message), policy).ConfigureAwait(false);
                    await ActAsync(compiled, envelope, rule, decision).ConfigureAwait(false);
                }
                else
                {
                    RecordSuppressed(envelope, rule, $"No open group of rule {rule.Name} has a firing alert {e.EffectiveDedupKey}.", DeliveryReasonTags.Deduplicated);
                }
            }
            else if (e.Status == AlertStatus.Resolved)
            {
                // A resolve for an incident goes to the channels notified for it, once: one already resolved (by another
                // instance sharing the store) is not sent again. One for an incident not known here (opened before a
                // restart, say) still goes to every channel: a provider may hold it open.
                var done = ResolvedAbove(recovered, rule.Name, policy.Key(e));
                var latest = done is null ? await _gate.FindLatestAsync(rule.Name, policy, e).ConfigureAwait(false) : null;
                if (done is not null)
                {
                    // A recovery whose dedup key is the problem's (service.recovered, health.recovered) and that the rule
                    // takes too: its source already resolved the incident above, and a store that keeps no resolved
                    // incident would not know it any more.
                    RecordSuppressed(envelope, rule, $"Incident {done.Id} was resolved by this event's source recovering.", DeliveryReasonTags.Deduplicated);
                }
                else if (latest is { Status: IncidentStatus.Resolved } closed)
                {
                    RecordSuppressed(envelope, rule, FormattableString.Invariant($"Incident {closed.Id} was already resolved at {closed.ResolvedAt:u}."), DeliveryReasonTags.Deduplicated);
                }
                else if (latest is { } open)
                {
                    await ActAsync(compiled, envelope, rule, await _gate.ResolveAsync(open, e, MinResolveDelay(compiled, open)).ConfigureAwait(false)).ConfigureAwait(false);
                }
                else
                {
                    await _channels.QueueAsync(envelope, rule.Actions, null).ConfigureAwait(false);
                }
            }
            else
            {
                await ActAsync(compiled, envelope, rule, await _gate.FiringAsync(rule.Name, policy, e, envelope.Replayed).ConfigureAwait(false)).ConfigureAwait(false);
            }
        }

        envelope.Tracker?.RoutingDone();
    }

    /// <summary>The incident of <paramref name="ruleName"/> with <paramref name="key"/> among those the event's source recovered, if any.</summary>
    private static Incident? ResolvedAbove(IReadOnlyList<Incident> recovered, string ruleName, string key)
    {
        for (var i = 0; i < recovered.Count; i++)
        {
            if (recovered[i].RuleName == ruleName && recovered[i].Key == key)
            {
                return recovered[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Once the channels have drained: routes <paramref name="events"/> (the <c>delivery.failed</c> events raised while
    /// stopping, and after a drain that ran out of time one per channel that lost notifications) to the rules that take
    /// them (silences and a channel's environments apply; thresholds and incidents do not), each action delivered once,
    /// here and now, within <paramref name="abort"/>. Called after the routing loop has ended.
    /// </summary>
    public async Task RouteLateAsync(IReadOnlyList<AlertEvent> events, DeliveryProcessor processor, CancellationToken abort)
    {
        using var slot = new WorkerSlot(abort);
        foreach (var loss in events)
        {
            loss.StampOnPublish(_time.GetUtcNow(), _environment);
            _metrics.EventPublished(loss.Type);
            var envelope = new Envelope(loss, null, default);
            var silence = _silences.Find(loss, _time);
            _compiled!.Rules.CollectCandidates(loss.Type, _candidates);
            foreach (var rule in _candidates)
            {
                if (!Admits(envelope, rule, silence))
                {
                    continue;
                }

                foreach (var action in InTimeWindows(envelope, rule.Actions, null))
                {
                    var delivery = new Delivery(envelope, action, NotificationKind.Trigger);
                    if (delivery.Channel.SkipReason(loss) is { } skip)
                    {
                        _recorder.HeldBack(delivery, DeliveryOutcomeStatus.Skipped, $"Channel {action.Target.Name} does not serve this event ({skip}).", skip);
                        continue;
                    }

                    using (_work.Start())
                    {
                        await processor.DeliverAsync(delivery, slot).ConfigureAwait(false);
                    }
                }
            }
        }
    }

    /// <summary>Sends an incident's resolve, acknowledge or update notification to the channels that were notified for it.</summary>
    internal async ValueTask NotifyIncidentAsync(Envelope envelope, Incident incident, NotificationKind kind, AlertEvent notifiedEvent)
    {
        var compiled = Enter();
        try
        {
            await NotifyIncidentAsync(compiled, envelope, incident, kind, notifiedEvent).ConfigureAwait(false);
        }
        finally
        {
            compiled.Exit();
        }
    }

    private async ValueTask NotifyIncidentAsync(CompiledAlerting compiled, Envelope envelope, Incident incident, NotificationKind kind, AlertEvent notifiedEvent)
    {
        if (compiled.Rules.Find(incident.RuleName) is not { } rule)
        {
            return; // the rule is gone (configuration reloaded): nobody to tell
        }

        var context = IncidentContext.Of(incident, rule.Incidents);
        CompiledAction[] actions = [.. rule.Actions.Concat(rule.EscalationActions.SelectMany(level => level))
            .Where(a => incident.NotifiedChannels.Contains(a.Target.Name, StringComparer.OrdinalIgnoreCase))
            .DistinctBy(a => a.Target.Name, StringComparer.OrdinalIgnoreCase)];
        var shown = envelope with { Event = notifiedEvent };
        await _channels.QueueAsync(shown, actions, context, kind).ConfigureAwait(false);
    }

    /// <summary>An incident's opening event as resolved, stamped now, with the resolving message.</summary>
    internal AlertEvent ResolvingCopy(Incident incident, string? message)
    {
        var resolved = incident.OpeningEvent!.ToResolved(message);
        resolved.StampOnPublish(_time.GetUtcNow(), _environment);
        return resolved;
    }

    /// <summary>Stops the incident timers: no escalation starts once stopping has begun.</summary>
    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// Runs a due incident step: asks the gate what it does for the rule, if the rule still tracks incidents, and acts.
    /// A step that fails (its store cannot be reached, say) is logged and dropped, so the steps after it still run.
    /// </summary>
    private async ValueTask RunStepAsync(IncidentStep step)
    {
        var compiled = Enter();
        try
        {
            if (compiled.Rules.Find(step.RuleName) is not { Incidents: { } policy } rule)
            {
                return; // the rule is gone or no longer tracks incidents
            }

            await ActAsync(compiled, null, rule, await _gate.StepAsync(step, policy).ConfigureAwait(false)).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One step's failure must not stop the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.IncidentStepFailed(_logger, ex, step.Kind, step.IncidentId, step.RuleName);
        }
        finally
        {
            compiled.Exit();
        }
    }

    /// <summary>A lease on the configuration in force, for one routing step outside the routing loop.</summary>
    private CompiledAlerting Enter()
    {
        while (true)
        {
            var compiled = Volatile.Read(ref _compiled)!;
            if (compiled.TryEnter())
            {
                return compiled;
            }
        }
    }

    /// <summary>
    /// The configuration the routing loop routes by: it keeps a lease on it between events (one loop, so no lock), and
    /// moves to a newer one when a change has replaced it, letting the old one go.
    /// </summary>
    private CompiledAlerting RoutingConfiguration()
    {
        if (_routing is { } held && ReferenceEquals(held, Volatile.Read(ref _compiled)))
        {
            return held;
        }

        _routing?.Exit();
        _routing = Enter();
        return _routing;
    }

    /// <summary>Carries out the gate's decision; <paramref name="routed"/> is the routed event, null for a timed step (whose event the decision carries).</summary>
    private async ValueTask ActAsync(CompiledAlerting compiled, Envelope? routed, CompiledRule? rule, GateDecision decision)
    {
        if (decision.Verdict == GateVerdict.None)
        {
            return;
        }

        var envelope = routed ?? new Envelope(decision.Event!, null, default);
        switch (decision.Verdict)
        {
            case GateVerdict.Notify:
                // A group's notification shows the group's opening event, whichever alert made it due.
                envelope = decision.Event is { } shown ? envelope with { Event = shown } : envelope;
                var notified = await _channels.QueueAsync(envelope, InTimeWindows(envelope, rule!.Actions, decision.Incident), decision.Incident).ConfigureAwait(false);
                await _gate.CompleteAsync(decision, notified!).ConfigureAwait(false);
                break;
            case GateVerdict.Escalate:
                var escalated = await _channels.QueueAsync(envelope, InTimeWindows(envelope, rule!.EscalationActions[decision.Step!.Value.Level], decision.Incident), decision.Incident, NotificationKind.Trigger).ConfigureAwait(false);
                await _gate.CompleteAsync(decision, escalated!).ConfigureAwait(false);
                break;
            case GateVerdict.Resolve:
                await NotifyIncidentAsync(compiled, envelope, decision.Closed!, NotificationKind.Resolve, decision.Event!).ConfigureAwait(false);
                break;
            default: // Suppress, HoldForGroup
                RecordSuppressed(envelope, rule!, decision.Reason!, decision.ReasonTag!, decision.Incident);
                break;
        }
    }

    /// <summary>The minimum resolve delay of the rule whose incident it is, zero when the rule is gone.</summary>
    private static TimeSpan MinResolveDelay(CompiledAlerting compiled, Incident incident) => compiled.Rules.Find(incident.RuleName)?.Incidents?.MinResolveDelay ?? TimeSpan.Zero;

    /// <summary>
    /// The inhibition holding back the event, if any: asks the store only when an inhibition's target matches. A failing
    /// store or matcher inhibits nothing (a duplicate page beats none) and is logged.
    /// </summary>
    private async ValueTask<InhibitionMatch?> InhibitionOfAsync(CompiledAlerting compiled, AlertEvent e)
    {
        try
        {
            return await compiled.Inhibitions.FindAsync(e, _incidents).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Inhibition only ever holds back: when it cannot decide, the event goes out.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.InhibitionFailed(_logger, ex, e.Type, e.Source);
            return null;
        }
    }

    /// <summary>Whether <paramref name="rule"/> matches the event and no silence or inhibition holds it back (which is then recorded).</summary>
    private bool Admits(Envelope envelope, CompiledRule rule, Silence? silence, InhibitionMatch? inhibition = null)
    {
        if (!RuleMatches(rule, envelope.Event))
        {
            return false;
        }

        if (silence is not null)
        {
            RecordSuppressed(envelope, rule, silence.Reason, DeliveryReasonTags.Silenced);
            return false;
        }

        if (inhibition is not null)
        {
            RecordSuppressed(envelope, rule, inhibition.Reason, DeliveryReasonTags.Inhibited);
            return false;
        }

        if (envelope.Event.Status == AlertStatus.Firing && rule.Windows is { } windows && windows.HoldsBack(_time.GetUtcNow(), out var reason, out var reasonTag))
        {
            RecordSuppressed(envelope, rule, reason, reasonTag);
            return false;
        }

        return true;
    }

    /// <summary>
    /// The actions that may send a problem notification now: those whose own time windows and whose channel's let it
    /// out (<see cref="TimeWindows"/>); the others are recorded as suppressed. Resolutions always pass. The clock is read
    /// only when an action or its channel has time windows.
    /// </summary>
    private CompiledAction[] InTimeWindows(Envelope envelope, CompiledAction[] actions, IncidentContext? incident)
    {
        if (envelope.Event.Status != AlertStatus.Firing)
        {
            return actions;
        }

        List<CompiledAction>? open = null;
        DateTimeOffset? now = null;
        for (var i = 0; i < actions.Length; i++)
        {
            var action = actions[i];
            var channel = ((DeliveryChannel)action.Target).Windows;
            if ((action.Windows is not null || channel is not null) && HeldBack(action.Windows, channel, now ??= _time.GetUtcNow(), out var reason, out var reasonTag))
            {
                open ??= [.. actions.AsSpan(0, i)];
                envelope.Tracker?.Expect();
                _recorder.HeldBack(new Delivery(envelope, action, NotificationKind.Trigger, incident), DeliveryOutcomeStatus.Suppressed, reason, reasonTag);
            }
            else
            {
                open?.Add(action);
            }
        }

        return open is null ? actions : [.. open];
    }

    /// <summary>Whether an action's own time windows, or else its channel's, hold a problem notification back at <paramref name="now"/>.</summary>
    private static bool HeldBack(TimeWindows? own, TimeWindows? channel, DateTimeOffset now, [NotNullWhen(true)] out string? reason, [NotNullWhen(true)] out string? reasonTag)
    {
        reason = reasonTag = null;
        return (own is not null && own.HoldsBack(now, out reason, out reasonTag)) ||
               (channel is not null && channel.HoldsBack(now, out reason, out reasonTag));
    }

    private void RecordSuppressed(Envelope envelope, CompiledRule rule, string reason, string reasonTag, IncidentContext? incident = null)
    {
        foreach (var action in rule.Actions)
        {
            envelope.Tracker?.Expect();
            _recorder.HeldBack(new Delivery(envelope, action, NotificationKind.Trigger, incident), DeliveryOutcomeStatus.Suppressed, reason, reasonTag);
        }
    }

    private bool RuleMatches(CompiledRule rule, AlertEvent e)
    {
        try
        {
            // Attribute conditions format host values (ToString may throw) and run regexes (which may time out).
            return rule.MatchesFields(e) && (rule.Predicate is not { } predicate || predicate(e));
        }
#pragma warning disable CA1031 // A host predicate's bug must not stop dispatch; it is logged and counts as no match.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RuleConditionFailed(_logger, ex, rule.Name, e.Type, e.Source);
            return false;
        }
    }
}
