namespace Alerting.Notifiers;

/// <summary>What a notifier reports for one delivery: delivered, or failed with the provider's reason.</summary>
/// <remarks>Reasons end up in logs, history and <c>delivery.failed</c> events: never put a secret in one.</remarks>
public sealed class DeliveryResult
{
    private static readonly DeliveryResult s_delivered = new(DeliveryStatus.Delivered, null, null, 1);

    private DeliveryResult(DeliveryStatus status, string? reason, TimeSpan? retryAfter, int attempts, IReadOnlyList<RecipientResult>? recipients = null)
    {
        Status = status;
        Reason = reason;
        RetryAfter = retryAfter;
        Attempts = attempts;
        Recipients = recipients ?? [];
    }

    /// <summary>Gets whether the notification was delivered or how it failed.</summary>
    public DeliveryStatus Status { get; }

    /// <summary>Gets the provider's reason for a failure (status code, error text, body excerpt), free of secrets.</summary>
    public string? Reason { get; }

    /// <summary>Gets how long the provider asked to wait before trying again, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets how many attempts the notifier itself made (notifiers that retry internally report more than one).</summary>
    /// <value>Defaults to 1.</value>
    public int Attempts { get; }

    /// <summary>Gets whether the notification was delivered.</summary>
    public bool IsDelivered => Status == DeliveryStatus.Delivered;

    /// <summary>Gets the outcome per recipient, for channels that send to each recipient separately.</summary>
    /// <value>Empty unless the result was made with <see cref="ForRecipients"/>.</value>
    public IReadOnlyList<RecipientResult> Recipients { get; }

    /// <summary>A successful delivery.</summary>
    /// <param name="attempts">How many attempts it took; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Delivered(int attempts = 1) =>
        attempts == 1 ? s_delivered : new(DeliveryStatus.Delivered, null, null, ValidAttempts(attempts));

    /// <summary>A failure that may succeed if tried again.</summary>
    /// <param name="reason">The provider's reason, without secrets.</param>
    /// <param name="retryAfter">How long the provider asked to wait, if it did.</param>
    /// <param name="attempts">How many attempts the notifier made; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Transient(string reason, TimeSpan? retryAfter = null, int attempts = 1) =>
        new(DeliveryStatus.TransientFailure, reason, retryAfter, ValidAttempts(attempts));

    /// <summary>A failure that retrying cannot fix.</summary>
    /// <param name="reason">The provider's reason, without secrets.</param>
    /// <param name="attempts">How many attempts the notifier made; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Permanent(string reason, int attempts = 1) =>
        new(DeliveryStatus.PermanentFailure, reason, null, ValidAttempts(attempts));

    /// <summary>
    /// The result of a notification sent to each recipient separately. It is delivered only when every recipient got
    /// it; otherwise it is a transient failure when any recipient failed transiently, else a permanent one, with a
    /// reason naming each recipient that failed. <see cref="Attempts"/> is the sum over the recipients.
    /// </summary>
    /// <param name="recipients">One result per recipient; at least one.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult ForRecipients(IReadOnlyList<RecipientResult> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfZero(recipients.Count);
        var attempts = recipients.Sum(r => ValidAttempts(r.Attempts));
        var failed = recipients.Where(r => !r.IsDelivered).ToList();
        if (failed.Count == 0)
        {
            return new(DeliveryStatus.Delivered, null, null, attempts, [.. recipients]);
        }

        var status = failed.Any(r => r.Status == DeliveryStatus.TransientFailure) ? DeliveryStatus.TransientFailure : DeliveryStatus.PermanentFailure;
        var reason = $"{failed.Count} of {recipients.Count} recipient(s) failed: " + string.Join("; ", failed.Select(r => $"{r.Recipient}: {r.Reason ?? r.Status.ToString()}"));
        return new(status, reason, null, attempts, [.. recipients]);
    }

    /// <inheritdoc />
    public override string ToString() => Reason is null ? Status.ToString() : $"{Status}: {Reason}";

    private static int ValidAttempts(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        return attempts;
    }
}
