namespace Alerting.Notifiers.Http;

/// <summary>
/// How an HTTP channel (PagerDuty, webhook, a plugin's) talks to its provider: a timeout per request and a circuit
/// breaker per channel. Retries are not set here: every channel has one retry policy, its
/// <see cref="ChannelOptions.Retry"/>, which retries what this layer classifies as transient (network errors, timeouts,
/// 408, 429, 5xx) after the wait a <c>Retry-After</c> asks for.
/// </summary>
public sealed class HttpDeliveryOptions
{
    /// <summary>
    /// Gets or sets how long one request may take before it is abandoned as a transient failure (and counted by the
    /// circuit breaker). The channel's <see cref="ChannelOptions.Timeout"/> bounds a whole attempt, which may make
    /// several requests (one per SMS recipient).
    /// </summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many requests in a row must fail transiently before the channel's circuit opens.</summary>
    /// <value>Defaults to 5. While the circuit is open, deliveries fail at once without calling the provider.</value>
    public int CircuitBreakerFailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets how long the circuit stays open before one trial request may close it again.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets whether plain <c>http://</c> URLs are allowed (for tests and emulators on loopback).</summary>
    /// <value>Defaults to <see langword="false"/>: HTTPS is required.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>Whether a request may go to <paramref name="url"/>: an absolute <c>https</c> URL, or <c>http</c> when <see cref="AllowInsecureHttp"/>.</summary>
    /// <param name="url">The URL a notifier is about to call (one rendered from a template, say).</param>
    /// <returns><see langword="true"/> when the scheme is allowed.</returns>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttps || (AllowInsecureHttp && url.Scheme == Uri.UriSchemeHttp));
    }
}
