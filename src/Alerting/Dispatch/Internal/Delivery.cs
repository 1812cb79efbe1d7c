using System.Diagnostics;
using Alerting.Notifiers;
using Alerting.Incidents;
using Alerting.Rules;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// An accepted event on its way through routing, with whoever waits for its outcomes and the publisher's trace context;
/// <paramref name="Replayed"/> when an outbox gave it back (its instance stopped before its notifications had an outcome).
/// </summary>
internal readonly record struct Envelope(AlertEvent Event, DeliveryTracker? Tracker, ActivityContext Parent, bool Replayed = false);

/// <summary>One action's notification of one event, queued for its channel; <paramref name="Incident"/> when the rule tracks incidents.</summary>
internal readonly record struct Delivery(Envelope Envelope, CompiledAction Action, NotificationKind Kind, IncidentContext? Incident = null)
{
    /// <summary>The channel the action's target is at run time.</summary>
    public DeliveryChannel Channel => (DeliveryChannel)Action.Target;
}
