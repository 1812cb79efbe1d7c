namespace Alerting.Notifiers.Http;

/// <summary>
/// How an HTTP channel (PagerDuty, webhook...) talks to its provider: retries with exponential backoff and jitter on
/// network errors, 408, 429 and 5xx (honouring <c>Retry-After</c> up to a cap), a timeout per try and a circuit breaker
/// per channel. The channel's <see cref="ChannelOptions.Timeout"/> is the overall deadline of one delivery, retries
/// included; a notification waiting for the channel's rate limit is not counted against it.
/// </summary>
public sealed class HttpDeliveryOptions
{
    /// <summary>Gets or sets how many times a transient failure is retried after the first try.</summary>
    /// <value>Defaults to 3 (four tries in all). 0 disables retries.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with ±20 % jitter.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest computed backoff delay between two tries.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the longest wait a provider's <c>Retry-After</c> (delta-seconds or HTTP date) can ask for. A longer
    /// request is cut to this, so one throttled channel never stalls for hours.
    /// </summary>
    /// <value>Defaults to 20 seconds, so that one honoured wait fits in the default 30-second channel timeout.</value>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Gets or sets how long one try may take before it is abandoned and retried.</summary>
    /// <value>Defaults to 10 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many tries in a row must fail transiently before the channel's circuit opens.</summary>
    /// <value>Defaults to 5. While the circuit is open, deliveries fail at once without calling the provider.</value>
    public int CircuitBreakerFailureThreshold { get; set; } = 5;

    /// <summary>Gets or sets how long the circuit stays open before one trial request may close it again.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets whether plain <c>http://</c> URLs are allowed (for tests and emulators on loopback).</summary>
    /// <value>Defaults to <see langword="false"/>: HTTPS is required.</value>
    public bool AllowInsecureHttp { get; set; }
}
