namespace Alerting.Notifiers;

/// <summary>
/// What happened for one recipient of a notification that a channel sends to each recipient separately (each SMS
/// number, say), so that one bad recipient neither stops nor hides the others. Combine them with
/// <see cref="DeliveryResult.ForRecipients"/>; they reach <see cref="DeliveryOutcome.Recipients"/> and the history.
/// </summary>
/// <param name="Recipient">
/// The recipient as it may be shown in logs, history and <c>delivery.failed</c> events: personal data masked (the SMS
/// channel shows a phone number as <c>+*******4567</c>).
/// </param>
/// <param name="Status">Delivered, or how it failed.</param>
/// <param name="Reason">The provider's reason for a failure, free of secrets; <see langword="null"/> when delivered.</param>
/// <param name="Attempts">How many requests reached the provider for this recipient, over every attempt so far; 0 when none did (an open circuit).</param>
public sealed record RecipientResult(string Recipient, DeliveryStatus Status, string? Reason, int Attempts)
{
    /// <summary>Gets how long the provider asked to wait before trying this recipient again, after a transient failure.</summary>
    /// <value>Defaults to <see langword="null"/>: the provider did not say.</value>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Gets whether this recipient's transient failure must not be retried: the provider may already have sent the
    /// message (its confirmation was lost), so a resend could duplicate it.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool NotRetried { get; init; }

    /// <summary>Gets whether this recipient's message was delivered.</summary>
    public bool IsDelivered => Status == DeliveryStatus.Delivered;

    /// <summary>Gets whether a retry should send to this recipient again: it failed transiently, and not <see cref="NotRetried"/>.</summary>
    public bool IsRetryable => Status == DeliveryStatus.TransientFailure && !NotRetried;

    /// <inheritdoc />
    public override string ToString() => Reason is null ? $"{Recipient}: {Status}" : $"{Recipient}: {Status}: {Reason}";
}
