namespace Alerting;

/// <summary>
/// Why an outcome is not "delivered", as one of a bounded set of words: <see cref="DeliveryOutcome.ReasonTag"/> in the
/// notification history and the <c>alerting.reason</c> tag of the <c>alerting.notifications</c> metric. The free-text
/// <see cref="DeliveryOutcome.Reason"/> says the rest.
/// </summary>
public static class DeliveryReasonTags
{
    /// <summary>Failed: the provider's answer (or no answer) was worth retrying, and retries ran out.</summary>
    public const string Transient = "transient";

    /// <summary>Failed: the provider's answer means retrying cannot help (a 4xx, a rejected recipient).</summary>
    public const string Permanent = "permanent";

    /// <summary>Failed: the notifier did not answer within the channel's timeout.</summary>
    public const string Timeout = "timeout";

    /// <summary>Failed: the notifier threw.</summary>
    public const string Exception = "exception";

    /// <summary>Failed: Alerting stopped (its drain timeout ran out) before the notification was delivered.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>Failed: rendering the notification's templates threw.</summary>
    public const string Render = "render";

    /// <summary>Suppressed: the rule's threshold (N matches within a window) was not reached yet.</summary>
    public const string Threshold = "threshold";

    /// <summary>Suppressed: a repeat of an open incident, before its repeat interval.</summary>
    public const string Deduplicated = "deduplicated";

    /// <summary>Suppressed: a silence matched the event.</summary>
    public const string Silenced = "silenced";

    /// <summary>Suppressed: an inhibition held the event back while the incident named in the reason is open.</summary>
    public const string Inhibited = "inhibited";

    /// <summary>Suppressed: held for the incident's group wait; the grouped notification follows.</summary>
    public const string Grouping = "grouping";

    /// <summary>Suppressed: the incident fired again while its resolve waited (flap damping).</summary>
    public const string Flapping = "flapping";

    /// <summary>Suppressed: a mute time interval of the rule, the action or the channel holds now.</summary>
    public const string Muted = "muted";

    /// <summary>Suppressed: the rule or the action has active time intervals, and none of them holds now.</summary>
    public const string Inactive = "inactive";

    /// <summary>Skipped: the channel does not serve the event's environment.</summary>
    public const string Environment = "environment";

    /// <summary>Skipped: the channel is disabled.</summary>
    public const string Disabled = "disabled";

    /// <summary>Dropped: the event queue was full (<see cref="QueueFullMode.DropOldest"/>).</summary>
    public const string QueueFull = "queue_full";

    /// <summary>A resolve notification the action or its channel does not send (<c>SendResolved</c> off).</summary>
    public const string ResolveDisabled = "resolve_disabled";
}
