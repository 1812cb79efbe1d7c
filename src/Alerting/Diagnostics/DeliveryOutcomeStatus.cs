namespace Alerting;

/// <summary>The final state of one action for one event.</summary>
public enum DeliveryOutcomeStatus
{
    /// <summary>The channel's provider accepted the notification (or the callback completed).</summary>
    Delivered = 0,

    /// <summary>Delivery failed permanently or ran out of retries; see <see cref="DeliveryOutcome.Reason"/>.</summary>
    Failed = 1,

    /// <summary>A rule condition held the notification back on purpose (a threshold not reached yet).</summary>
    Suppressed = 2,

    /// <summary>The channel does not serve the event (disabled, or limited to other environments).</summary>
    Skipped = 3,

    /// <summary>The event was dropped from a full queue before dispatch.</summary>
    Dropped = 4,
}
