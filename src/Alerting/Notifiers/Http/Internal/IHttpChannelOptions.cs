namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Implemented by the options of every HTTP channel: what the shared pipeline needs to build the channel's named client.
/// </summary>
internal interface IHttpChannelOptions
{
    /// <summary>Gets the retry, timeout and circuit-breaker settings.</summary>
    HttpDeliveryOptions Http { get; }

    /// <summary>Whether a response with this status is worth retrying (the provider's transient set).</summary>
    bool IsTransientStatus(int statusCode);
}
