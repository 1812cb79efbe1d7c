namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// What the shared pipeline needs to build an HTTP channel's named client: the public settings, plus how the provider
/// reports failures. A plugin's options are adapted by <see cref="PluginHttpChannelOptions"/>.
/// </summary>
internal interface IHttpChannelOptions : IHttpNotifierOptions
{
    /// <summary>Whether a response with this status is worth retrying (the provider's transient set).</summary>
    bool IsTransientStatus(int statusCode);

    /// <summary>
    /// Whether responses with this status have their body read (capped) and passed to <see cref="StatusInBody"/>:
    /// for providers that report some failures in the body rather than the status (Slack's <c>chat.postMessage</c> and
    /// Teams' legacy connectors answer 200; Twilio answers 400 for a full sender queue, which is worth retrying).
    /// </summary>
    bool InspectsBody(int statusCode) => false;

    /// <summary>
    /// The status the failure reported in <paramref name="body"/> stands for, such as 429 for throttling, or
    /// <see langword="null"/> to keep the response's own. The pipeline then treats the try as that status, so the
    /// retry, <c>Retry-After</c> and the circuit breaker see it.
    /// </summary>
    int? StatusInBody(int statusCode, string body) => null;

    /// <summary>
    /// What a 2xx whose body cannot be read means for this provider: delivered when the status line is the
    /// confirmation (the default); otherwise the body is read (capped) on every try, and a read that fails is
    /// <see cref="UnreadableSuccessBody.Unconfirmed"/> or <see cref="UnreadableSuccessBody.Retried"/>.
    /// </summary>
    UnreadableSuccessBody OnUnreadableSuccessBody => UnreadableSuccessBody.Delivered;
}
