namespace Alerting;

/// <summary>
/// How a channel retries a notification whose delivery failed transiently: the one retry policy of every channel,
/// built-in or a plugin's, HTTP or not. The HTTP layer only classifies each answer (transient, permanent, and the wait
/// a provider's <c>Retry-After</c> asks for); Alerting makes every retry and counts every attempt.
/// </summary>
/// <remarks>
/// The wait before retry <c>n</c> (1 for the first) is <see cref="BaseDelay"/> × 2<sup>n-1</sup> with ±20 % jitter,
/// or, when the provider asked for a wait (<c>Retry-After</c> as seconds or a date, Slack's and Twilio's own), that wait
/// with up to 10 % added; either is cut to <see cref="MaxDelay"/>. With the defaults the retries come about 0.25 s,
/// 0.5 s and 1 s apart: a provider that fails three times, then recovers, has the notification within about 2 s.
/// </remarks>
public sealed class DeliveryRetryOptions
{
    /// <summary>Gets or sets the most attempts per notification, the first included.</summary>
    /// <value>Defaults to 4 (the first and three retries). 1 disables retries.</value>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with ±20 % jitter.</summary>
    /// <value>Defaults to 250 milliseconds.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Gets or sets the longest wait between two attempts, a provider's <c>Retry-After</c> included: a longer request is
    /// cut to this, so one throttled channel never stalls for hours.
    /// </summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
