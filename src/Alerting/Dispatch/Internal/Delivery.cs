using System.Diagnostics;
using Alerting.Notifiers;

namespace Alerting.Dispatch.Internal;

/// <summary>An accepted event waiting for dispatch.</summary>
internal readonly record struct Envelope(AlertEvent Event, DeliveryTracker? Tracker, ActivityContext Parent);

/// <summary>One action for one event, waiting in its channel's queue.</summary>
internal readonly record struct Delivery(Envelope Envelope, CompiledAction Action, NotificationKind Kind);
