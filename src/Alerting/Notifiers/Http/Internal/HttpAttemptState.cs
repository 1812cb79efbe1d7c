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

    /// <summary>Counts a new try and prepares the request for it; returns the try's number, from 1.</summary>
    public int BeginAttempt(HttpRequestMessage request)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        beforeAttempt?.Invoke(request, attempt);
        return attempt;
    }
}
