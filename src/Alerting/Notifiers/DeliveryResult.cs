namespace Alerting.Notifiers;

/// <summary>What a notifier reports for one delivery: delivered, or failed with the provider's reason.</summary>
/// <remarks>Reasons end up in logs, history and <c>delivery.failed</c> events: never put a secret in one.</remarks>
public sealed class DeliveryResult
{
    private static readonly DeliveryResult s_delivered = new(DeliveryStatus.Delivered, null, null, 1);

    private DeliveryResult(DeliveryStatus status, string? reason, TimeSpan? retryAfter, int attempts, IReadOnlyList<RecipientResult>? recipients = null, bool retryable = true)
    {
        Status = status;
        Reason = reason;
        RetryAfter = retryAfter;
        Attempts = attempts;
        Recipients = recipients ?? [];
        IsRetryable = retryable && status == DeliveryStatus.TransientFailure;
    }

    /// <summary>Gets whether the notification was delivered or how it failed.</summary>
    public DeliveryStatus Status { get; }

    /// <summary>Gets the provider's reason for a failure (status code, error text, body excerpt), free of secrets.</summary>
    public string? Reason { get; }

    /// <summary>Gets how long the provider asked to wait before trying again, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>
    /// Gets how many attempts the notifier itself made (notifiers that retry internally report more than one; a failure
    /// that never reached the provider, such as a request refused by an open circuit breaker, reports 0).
    /// </summary>
    /// <value>Defaults to 1.</value>
    public int Attempts { get; }

    /// <summary>Gets whether the notification was delivered.</summary>
    public bool IsDelivered => Status == DeliveryStatus.Delivered;

    /// <summary>
    /// Gets whether Alerting may try again, per the channel's <c>Retry</c> options: a transient failure, unless made with
    /// <see cref="NotRetried"/> (or, for <see cref="ForRecipients"/>, unless no transiently failed recipient may be retried).
    /// </summary>
    public bool IsRetryable { get; }

    /// <summary>Gets the outcome per recipient, in the order they were sent, for channels that send to each recipient separately.</summary>
    /// <value>Read-only; empty for single-recipient results (<see cref="Delivered"/>, <see cref="Transient"/>, <see cref="Permanent"/>).</value>
    public IReadOnlyList<RecipientResult> Recipients { get; }

    /// <summary>A successful delivery.</summary>
    /// <param name="attempts">How many attempts it took; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Delivered(int attempts = 1) =>
        attempts == 1 ? s_delivered : new(DeliveryStatus.Delivered, null, null, ValidAttempts(attempts));

    /// <summary>A failure that may succeed if tried again.</summary>
    /// <param name="reason">The provider's reason, without secrets.</param>
    /// <param name="retryAfter">How long the provider asked to wait, if it did.</param>
    /// <param name="attempts">How many attempts the notifier made, 0 when none reached the provider; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Transient(string reason, TimeSpan? retryAfter = null, int attempts = 1) =>
        new(DeliveryStatus.TransientFailure, reason, retryAfter, ValidFailedAttempts(attempts));

    /// <summary>
    /// A transient failure that must not be retried now: the provider may already have acted on the request, so a resend
    /// could duplicate it (a 2xx whose confirming body was lost), or the channel refuses requests for a while (its
    /// circuit is open). Recorded as failed with the <see cref="DeliveryReasonTags.Transient"/> tag, not retried.
    /// </summary>
    /// <param name="reason">The reason, without secrets.</param>
    /// <param name="attempts">How many attempts the notifier made, 0 when none reached the provider; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult NotRetried(string reason, int attempts = 1) =>
        new(DeliveryStatus.TransientFailure, reason, null, ValidFailedAttempts(attempts), retryable: false);

    /// <summary>A failure that retrying cannot fix.</summary>
    /// <param name="reason">The provider's reason, without secrets.</param>
    /// <param name="attempts">How many attempts the notifier made, 0 when none reached the provider; defaults to 1.</param>
    /// <returns>The result.</returns>
    public static DeliveryResult Permanent(string reason, int attempts = 1) =>
        new(DeliveryStatus.PermanentFailure, reason, null, ValidFailedAttempts(attempts));

    /// <summary>
    /// The result of a notification sent to each recipient separately (each SMS number, say): delivered only when every
    /// recipient got it; otherwise a transient failure when any recipient failed transiently, else a permanent one. The
    /// reason names each recipient that failed, as in <c>1 of 3 recipients failed: +*******4567: 21610 opted out</c>;
    /// <see cref="Attempts"/> is the sum over the recipients, <see cref="RetryAfter"/> the longest wait a transiently
    /// failed recipient's provider asked for, and <see cref="Recipients"/> keeps the breakdown. It may be retried when
    /// any transiently failed recipient may be (<see cref="RecipientResult.IsRetryable"/>).
    /// </summary>
    /// <remarks>
    /// Alerting retries a transient overall result as a whole (unless the notifier declares
    /// <see cref="NotifierCapabilities.RetriesInternally"/>): a retry carries each recipient's outcome so far in
    /// <see cref="Notification.PreviousRecipients"/>, and the notifier sends only to the recipients that may be retried
    /// (adding to their attempts), returning the earlier entry unchanged for the others.
    /// </remarks>
    /// <param name="recipients">One result per recipient, in the order they were sent; at least one.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="recipients"/> or one of its entries is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="recipients"/> is empty, or an entry has no recipient, an undefined status or a negative number of attempts.
    /// </exception>
    public static DeliveryResult ForRecipients(IReadOnlyList<RecipientResult> recipients)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("At least one recipient result is required.", nameof(recipients));
        }

        var copy = new RecipientResult[recipients.Count];
        var attempts = 0;
        var failed = 0;
        var transient = false;
        var retryable = false;
        TimeSpan? retryAfter = null;
        for (var i = 0; i < copy.Length; i++)
        {
            var recipient = recipients[i] ?? throw new ArgumentNullException(nameof(recipients), $"Recipient result {i} is null.");
            if (string.IsNullOrEmpty(recipient.Recipient) || !Enum.IsDefined(recipient.Status) || recipient.Attempts < 0)
            {
                throw new ArgumentException($"Recipient result {i} needs a recipient, a defined status and no negative attempts.", nameof(recipients));
            }

            copy[i] = recipient;
            attempts += recipient.Attempts;
            failed += recipient.IsDelivered ? 0 : 1;
            if (recipient.Status == DeliveryStatus.TransientFailure)
            {
                transient = true;
                retryable |= recipient.IsRetryable;
                if (recipient.RetryAfter is { } wait && (retryAfter is null || wait > retryAfter))
                {
                    retryAfter = wait;
                }
            }
        }

        var breakdown = Array.AsReadOnly(copy);
        if (failed == 0)
        {
            return new(DeliveryStatus.Delivered, null, null, attempts, breakdown);
        }

        var reason = $"{failed} of {copy.Length} {(copy.Length == 1 ? "recipient" : "recipients")} failed: " +
            string.Join("; ", copy.Where(r => !r.IsDelivered).Select(r => $"{r.Recipient}: {r.Reason ?? r.Status.ToString()}"));
        return new(transient ? DeliveryStatus.TransientFailure : DeliveryStatus.PermanentFailure, reason, retryAfter, attempts, breakdown, retryable);
    }

    /// <inheritdoc />
    public override string ToString() => Reason is null ? Status.ToString() : $"{Status}: {Reason}";

    private static int ValidAttempts(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        return attempts;
    }

    private static int ValidFailedAttempts(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempts);
        return attempts;
    }
}
