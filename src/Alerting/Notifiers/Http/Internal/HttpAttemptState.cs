namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The state of one delivery as it travels through the pipeline: how many tries it took, the token that ends it (the
/// retry waits observe it), and what to do to the request before each try (sign it, stamp the time).
/// </summary>
internal sealed class HttpAttemptState(Action<HttpRequestMessage, int>? beforeAttempt, CancellationToken cancellationToken)
{
    /// <summary>Where the state sits in the Polly context of the request.</summary>
    public const string ContextKey = "Alerting.HttpAttempt";

    private int _attempts;

    /// <summary>Where the state sits in the request's options.</summary>
    public static HttpRequestOptionsKey<HttpAttemptState> OptionsKey { get; } = new(ContextKey);

    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>Gets how many tries were started.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Gets what the last try that ended got: <c>HTTP 500</c>, a network error, a timeout; <see langword="null"/> before any.</summary>
    public string? LastOutcome { get; private set; }

    /// <summary>Gets why the last try's body could not be read (<c>connection reset</c>), when it could not; reset per try.</summary>
    public string? BodyFailure { get; private set; }

    /// <summary>Records that the try's answer came but its body could not be read.</summary>
    public void BodyUnreadable(string failure) => BodyFailure = failure;

    /// <summary>Records what a try got, for a reason that must name it even when a later step (an open circuit) ends the delivery.</summary>
    public void EndAttempt(string outcome) => LastOutcome = outcome;

    /// <summary>Gets the settings of the channel whose pipeline made the tries; <see langword="null"/> before any.</summary>
    public IHttpNotifierOptions? ChannelOptions { get; private set; }

    /// <summary>Counts a new try of the channel with <paramref name="channelOptions"/> and prepares the request for it; returns the try's number, from 1.</summary>
    public int BeginAttempt(HttpRequestMessage request, IHttpNotifierOptions channelOptions)
    {
        ChannelOptions = channelOptions;
        var attempt = Interlocked.Increment(ref _attempts);
        BodyFailure = null;
        beforeAttempt?.Invoke(request, attempt);
        return attempt;
    }
}
