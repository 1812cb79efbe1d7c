namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// What the pipeline learnt about one request, for <see cref="HttpDelivery"/> to read once it returns: with which
/// channel's settings it was sent, and why a body it had to read could not be.
/// </summary>
internal sealed class HttpAttemptState
{
    /// <summary>Gets where the state sits in the request's options.</summary>
    public static HttpRequestOptionsKey<HttpAttemptState> OptionsKey { get; } = new("Alerting.HttpAttempt");

    /// <summary>Gets why the response's body could not be read (<c>connection reset</c>), when it could not.</summary>
    public string? BodyFailure { get; private set; }

    /// <summary>Gets the settings of the channel whose pipeline sent the request; <see langword="null"/> before it did.</summary>
    public IHttpNotifierOptions? ChannelOptions { get; private set; }

    /// <summary>Records that the channel with <paramref name="channelOptions"/> is sending the request.</summary>
    public void Begin(IHttpNotifierOptions channelOptions) => ChannelOptions = channelOptions;

    /// <summary>Records that the answer came but its body could not be read.</summary>
    public void BodyUnreadable(string failure) => BodyFailure = failure;
}
