namespace Alerting.Notifiers.Http;

/// <summary>
/// What a 2xx answer whose body cannot be read (the connection reset or closed mid-body) means for a provider, declared
/// by its channel's options (<see cref="IHttpNotifierOptions.OnUnreadableSuccessBody"/>).
/// </summary>
public enum UnreadableSuccessBody
{
    /// <summary>The status line is the confirmation (webhooks, Slack incoming webhooks, Teams): delivered, body unread.</summary>
    Delivered = 0,

    /// <summary>
    /// The provider confirms in the body (an id, a per-recipient result) and a resend could duplicate what it may
    /// already have done (Slack <c>chat.postMessage</c>, Twilio): a transient failure, not retried.
    /// </summary>
    Unconfirmed,

    /// <summary>
    /// The provider confirms in the body and deduplicates a resend (PagerDuty, by dedup key): the request fails like a
    /// network error, so the channel's retry policy retries it and the circuit breaker counts it.
    /// </summary>
    Retried,
}
