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
/// <param name="Attempts">How many attempts were made for this recipient, at least 1.</param>
public sealed record RecipientResult(string Recipient, DeliveryStatus Status, string? Reason, int Attempts)
{
    /// <summary>Gets how long the provider asked to wait before trying this recipient again, after a transient failure.</summary>
    /// <value>Defaults to <see langword="null"/>: the provider did not say.</value>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets whether this recipient's message was delivered.</summary>
    public bool IsDelivered => Status == DeliveryStatus.Delivered;

    /// <inheritdoc />
    public override string ToString() => Reason is null ? $"{Recipient}: {Status}" : $"{Recipient}: {Status}: {Reason}";
}
