namespace Alerting.Notifiers.Http;

/// <summary>
/// Implemented by the options of a notifier that delivers over HTTP, to tune the shared HTTP pipeline its channel gets
/// (a per-request timeout and a circuit breaker; the answers it classifies as transient are retried by the channel's
/// <see cref="ChannelOptions.Retry"/> policy, after the wait a <c>Retry-After</c> asks for) and to say how its provider
/// reports failures; every member but <see cref="Http"/> has the usual provider's answer as default.
/// The built-in channels' options implement it as a plugin's would. A notifier
/// whose constructor takes an <see cref="HttpClient"/> gets that pipeline with or without this interface (with the
/// defaults of <see cref="HttpDeliveryOptions"/> when its options do not implement it), exactly as the built-in
/// channels do.
/// </summary>
public interface IHttpNotifierOptions
{
    /// <summary>Gets the per-request timeout and circuit-breaker settings of the channel's HTTP pipeline (retries are the channel's <see cref="ChannelOptions.Retry"/>).</summary>
    HttpDeliveryOptions Http { get; }

    /// <summary>Whether a response with this status is worth retrying (the provider's transient set).</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>By default, <see langword="true"/> for 408, 429 and 5xx (<see cref="HttpNotifierDelivery.IsTransientStatus"/>).</returns>
    bool IsTransientStatus(int statusCode) => HttpNotifierDelivery.IsTransientStatus(statusCode);

    /// <summary>
    /// Whether responses with this status have their body read (capped) and passed to <see cref="StatusInBody"/>: for
    /// providers that report some failures in the body rather than the status (Slack's <c>chat.postMessage</c> and
    /// Teams' legacy connectors answer 200; Twilio answers 400 for a full sender queue, which is worth retrying).
    /// </summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns>By default, <see langword="false"/>.</returns>
    bool InspectsBody(int statusCode) => false;

    /// <summary>
    /// The status the failure reported in <paramref name="body"/> stands for, such as 429 for throttling, or
    /// <see langword="null"/> to keep the response's own. The pipeline then treats the request as that status, so the
    /// channel's retry, <c>Retry-After</c> and the circuit breaker see it.
    /// </summary>
    /// <param name="statusCode">The response's own status.</param>
    /// <param name="body">The start of the body (capped).</param>
    /// <returns>By default, <see langword="null"/>.</returns>
    int? StatusInBody(int statusCode, string body) => null;

    /// <summary>
    /// Gets what a 2xx whose body cannot be read means for this provider: delivered when the status line is the
    /// confirmation (the default); otherwise the body is read (capped) on every request, and a read that fails is
    /// <see cref="UnreadableSuccessBody.Unconfirmed"/> or <see cref="UnreadableSuccessBody.Retried"/>.
    /// </summary>
    UnreadableSuccessBody OnUnreadableSuccessBody => UnreadableSuccessBody.Delivered;
}
