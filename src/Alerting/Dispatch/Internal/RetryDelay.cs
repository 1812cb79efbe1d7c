namespace Alerting.Dispatch.Internal;

/// <summary>
/// The one formula for the wait before a retry (<see cref="DeliveryRetryOptions"/>): exponential backoff with ±20 %
/// jitter, or the provider's requested wait with up to 10 % added, cut to the cap. Pure, so it is tested without waiting.
/// </summary>
internal static class RetryDelay
{
    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    /// <param name="options">The channel's retry settings.</param>
    /// <param name="retry">The retry's number, from 1.</param>
    /// <param name="retryAfter">The wait the provider asked for, when it did.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Next(DeliveryRetryOptions options, int retry, TimeSpan? retryAfter, double jitter)
    {
        var cap = options.MaxDelay;
        if (retryAfter is { } asked)
        {
            var capped = asked > cap ? cap : asked < TimeSpan.Zero ? TimeSpan.Zero : asked;
            var jittered = capped + (capped * (0.1 * jitter));
            return jittered > cap ? cap : jittered;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        var bounded = Math.Min(exponential, cap.TotalMilliseconds);
        var wait = TimeSpan.FromMilliseconds(bounded * (0.8 + (0.4 * jitter)));
        return wait > cap ? cap : wait;
    }
}
