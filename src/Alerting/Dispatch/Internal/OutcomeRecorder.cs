using System.Collections.Concurrent;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Microsoft.Extensions.Logging;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The one place a final outcome goes: history, metrics, the log, the waiting publisher, and, for failures,
/// a <c>delivery.failed</c> event that rules can route to a fallback channel. Failures because Alerting stopped are
/// counted per channel instead, logged at debug level one by one, and summed up once when the stop ends. Every outcome is
/// also counted for <see cref="IAlertingHealth"/> (<paramref name="counters"/>).
/// </summary>
internal sealed class OutcomeRecorder(NotificationHistory history, AlertingMetrics metrics, HealthCounters counters, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, int> _shutdownLosses = new(StringComparer.Ordinal);
    private int _shutdownFailures;
    private int _notDispatched;

    /// <summary>Called with each <c>delivery.failed</c> event; returns whether the queue took it.</summary>
    public Func<AlertEvent, bool>? RaiseDeliveryFailed { get; set; }

    public int ShutdownFailures => Volatile.Read(ref _shutdownFailures);

    public void Delivered(in Delivery delivery, Notification notification, int attempts, TimeSpan duration, IReadOnlyList<RecipientResult>? recipients = null)
    {
        var action = delivery.Action;
        Log.NotificationDelivered(logger, notification.Event.Type, notification.Event.Source, action.Target.Name, action.Rule.Name, attempts);
        Record(delivery.Envelope, Outcome(delivery, DeliveryOutcomeStatus.Delivered, null, null, attempts, duration, notification.Title, recipients));
    }

    public void Failed(in Delivery delivery, string reason, string reasonTag, int attempts, TimeSpan duration, string? title = null, IReadOnlyList<RecipientResult>? recipients = null)
    {
        var action = delivery.Action;
        var e = delivery.Envelope.Event;
        if (reasonTag == DeliveryReasonTags.Shutdown)
        {
            Log.NotificationAbandoned(logger, e.Type, e.Source, action.Target.Name, action.Rule.Name, attempts, reason);
            Interlocked.Increment(ref _shutdownFailures);
            _shutdownLosses.AddOrUpdate(action.Target.Name, 1, static (_, count) => count + 1);
            Record(delivery.Envelope, Outcome(delivery, DeliveryOutcomeStatus.Failed, reasonTag, reason, attempts, duration, title, recipients));
            return;
        }

        Log.NotificationFailed(logger, e.Type, e.Source, action.Target.Name, action.Rule.Name, attempts, reason);
        Record(delivery.Envelope, Outcome(delivery, DeliveryOutcomeStatus.Failed, reasonTag, reason, attempts, duration, title, recipients));
        if (e.Type != AlertEventTypes.DeliveryFailed && delivery.Kind != NotificationKind.Test && RaiseDeliveryFailed is { } raise &&
            !raise(DeliveryFailedEvent(delivery, reason, attempts)))
        {
            Log.DeliveryFailedNotRaised(logger, action.Target.Name);
        }
    }

    public void HeldBack(in Delivery delivery, DeliveryOutcomeStatus status, string reason, string reasonTag) =>
        Record(delivery.Envelope, Outcome(delivery, status, reasonTag, reason, 0, TimeSpan.Zero, null));

    public void Dropped(in Envelope envelope, string reason)
    {
        var e = envelope.Event;
        Log.EventDropped(logger, e.Type, e.Source, e.Id);
        Record(envelope, EventOutcome(e, DeliveryOutcomeStatus.Dropped, DeliveryReasonTags.QueueFull, reason));
    }

    public void NotDispatched(in Envelope envelope)
    {
        var e = envelope.Event;
        Log.EventNotDispatched(logger, e.Type, e.Source, e.Id);
        Interlocked.Increment(ref _shutdownFailures);
        Interlocked.Increment(ref _notDispatched);
        Record(envelope, EventOutcome(e, DeliveryOutcomeStatus.Failed, DeliveryReasonTags.Shutdown, "Alerting stopped before the event was dispatched."));
    }

    /// <summary>What the stop left undelivered, for its one summary line: per channel, then the events never routed.</summary>
    public string DescribeShutdownLosses()
    {
        var parts = _shutdownLosses.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Value} to channel {l.Key}").ToList();
        if (Volatile.Read(ref _notDispatched) is > 0 and var events)
        {
            parts.Add($"{events} event(s) not yet routed");
        }

        return string.Join(", ", parts);
    }

    /// <summary>
    /// One <c>delivery.failed</c> per channel that lost notifications to the stop (never for a <c>delivery.failed</c>
    /// channel's own losses of <c>delivery.failed</c> events alone), and forgets them.
    /// </summary>
    public IReadOnlyList<AlertEvent> TakeShutdownLossEvents(TimeSpan drainTimeout)
    {
        var events = new List<AlertEvent>();
        foreach (var channel in _shutdownLosses.Keys.Order(StringComparer.Ordinal))
        {
            if (!_shutdownLosses.TryRemove(channel, out var count))
            {
                continue;
            }

            var reason = $"Alerting stopped before {count} notification(s) to channel {channel} were delivered: its drain timeout ({drainTimeout}) ran out.";
            events.Add(new AlertEvent(AlertEventTypes.DeliveryFailed, channel, AlertSeverity.Error, reason)
            {
                DedupKey = string.Concat(AlertEventTypes.DeliveryFailed, ":", channel, ":shutdown"),
                Attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["channel"] = channel,
                    ["failed_channel"] = channel,
                    ["reason"] = reason,
                    ["count"] = count,
                    ["attempts"] = 0,
                },
            });
        }

        return events;
    }

    private void Record(in Envelope envelope, DeliveryOutcome outcome)
    {
        history.Record(outcome);
        metrics.OutcomeRecorded(outcome);
        counters.Record(outcome);
        envelope.Tracker?.Complete(outcome);
    }

    private DeliveryOutcome Outcome(in Delivery delivery, DeliveryOutcomeStatus status, string? reasonTag, string? reason, int attempts, TimeSpan duration, string? title, IReadOnlyList<RecipientResult>? recipients = null)
    {
        var e = delivery.Envelope.Event;
        var action = delivery.Action;
        return new DeliveryOutcome
        {
            EventId = e.Id,
            EventType = e.Type,
            Source = e.Source,
            RuleName = delivery.Kind == NotificationKind.Test ? null : action.Rule.Name,
            ChannelName = action.Target.Name,
            Severity = action.Severity ?? e.Severity,
            Status = status,
            Reason = reason,
            ReasonTag = reasonTag,
            Attempts = attempts,
            Timestamp = time.GetUtcNow(),
            Duration = duration,
            Title = title,
            IncidentId = delivery.Incident?.Id,
            EscalationLevel = delivery.Incident?.EscalationLevel,
            Recipients = recipients ?? [],
        };
    }

    private DeliveryOutcome EventOutcome(AlertEvent e, DeliveryOutcomeStatus status, string reasonTag, string reason) => new()
    {
        EventId = e.Id,
        EventType = e.Type,
        Source = e.Source,
        Severity = e.Severity,
        Status = status,
        Reason = reason,
        ReasonTag = reasonTag,
        Timestamp = time.GetUtcNow(),
    };

    private static AlertEvent DeliveryFailedEvent(in Delivery delivery, string reason, int attempts)
    {
        var e = delivery.Envelope.Event;
        var channel = delivery.Action.Target.Name;
        return new AlertEvent(AlertEventTypes.DeliveryFailed, channel, AlertSeverity.Error, $"Delivery of {e.Type} from {e.Source} to channel {channel} failed: {reason}")
        {
            Environment = e.Environment,
            DedupKey = string.Concat(AlertEventTypes.DeliveryFailed, ":", channel, ":", e.Id),
            Attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["channel"] = channel,
                ["rule"] = delivery.Action.Rule.Name,
                ["failed_channel"] = channel,
                ["failed_rule"] = delivery.Action.Rule.Name,
                ["reason"] = reason,
                ["attempts"] = attempts,
                ["event_id"] = e.Id,
                ["event_type"] = e.Type,
                ["event_source"] = e.Source,
                ["event_severity"] = AlertingMetrics.SeverityTag(e.Severity),
            },
        };
    }
}
