namespace Alerting.Notifiers;

/// <summary>The outcome of one delivery attempt, as a notifier reports it.</summary>
public enum DeliveryStatus
{
    /// <summary>The provider accepted the notification.</summary>
    Delivered = 0,

    /// <summary>The attempt failed but may succeed later (timeouts, throttling, server errors); it is retried.</summary>
    TransientFailure = 1,

    /// <summary>The attempt failed and retrying cannot help (bad request, bad credentials, unknown recipient).</summary>
    PermanentFailure = 2,
}
