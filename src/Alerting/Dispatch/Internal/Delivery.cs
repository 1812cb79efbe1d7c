using System.Diagnostics;
using Alerting.Notifiers;

namespace Alerting.Dispatch.Internal;

/// <summary>An accepted event on its way through routing, with whoever waits for its outcomes and the publisher's trace context.</summary>
internal readonly record struct Envelope(AlertEvent Event, DeliveryTracker? Tracker, ActivityContext Parent);

/// <summary>One action's notification of one event, queued for its channel; <paramref name="Incident"/> when the rule tracks incidents.</summary>
internal readonly record struct Delivery(Envelope Envelope, CompiledAction Action, NotificationKind Kind, IncidentContext? Incident = null);

/// <summary>The incident a delivery belongs to: its key is the dedup key channels get.</summary>
/// <param name="Id">The incident id.</param>
/// <param name="Key">The incident key.</param>
/// <param name="Occurrences">The firing events collected so far.</param>
/// <param name="OpenedAt">When the incident opened.</param>
/// <param name="Note">A line added to the message: why this notification comes now (a repeat, an escalation).</param>
/// <param name="EscalationLevel">The escalation level (1-based) that sends it, if any.</param>
internal sealed record IncidentContext(string Id, string Key, int Occurrences, DateTimeOffset OpenedAt, string? Note = null, int? EscalationLevel = null);
