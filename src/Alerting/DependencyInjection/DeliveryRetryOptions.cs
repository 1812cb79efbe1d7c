namespace Alerting;

/// <summary>How a channel retries notifications whose delivery failed transiently.</summary>
public sealed class DeliveryRetryOptions
{
    /// <summary>Gets or sets the most attempts per notification, the first included.</summary>
    /// <value>Defaults to 3. 1 disables retries.</value>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; each further retry doubles it, with jitter.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two attempts, including a provider's <c>Retry-After</c>.</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(1);
}
