using System.Net.Http.Headers;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// How long to wait before a retry: exponential backoff with ±20 % jitter, or the provider's <c>Retry-After</c>
/// (delta-seconds or HTTP date) with up to 10 % added, capped. Pure, so it is tested without waiting.
/// </summary>
internal static class HttpRetryDelay
{
    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry).</summary>
    /// <param name="options">The channel's settings.</param>
    /// <param name="retry">The retry's number, from 1.</param>
    /// <param name="retryAfter">The provider's <c>Retry-After</c>, when it sent one.</param>
    /// <param name="now">The current time, to turn an HTTP date into a wait.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan Next(HttpDeliveryOptions options, int retry, RetryConditionHeaderValue? retryAfter, DateTimeOffset now, double jitter)
    {
        if (RetryAfter(retryAfter, now) is { } asked)
        {
            var capped = asked > options.MaxRetryAfter ? options.MaxRetryAfter : asked;
            var jittered = capped + (capped * (0.1 * jitter));
            return jittered > options.MaxRetryAfter ? options.MaxRetryAfter : jittered;
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
        var bounded = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(bounded * (0.8 + (0.4 * jitter)));
    }

    /// <summary>The wait a <c>Retry-After</c> asks for, never negative; <see langword="null"/> when there is none.</summary>
    public static TimeSpan? RetryAfter(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
