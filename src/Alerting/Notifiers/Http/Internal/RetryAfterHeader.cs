using System.Net.Http.Headers;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>Reads the wait a <c>Retry-After</c> header asks for (delta-seconds or an HTTP date). Pure, so it is tested without waiting.</summary>
internal static class RetryAfterHeader
{
    /// <summary>The wait <paramref name="retryAfter"/> asks for, never negative; <see langword="null"/> when there is none.</summary>
    /// <param name="retryAfter">The header, if the response had one.</param>
    /// <param name="now">The current time, to turn an HTTP date into a wait.</param>
    public static TimeSpan? Wait(RetryConditionHeaderValue? retryAfter, DateTimeOffset now) => retryAfter switch
    {
        { Delta: { } delta } => delta < TimeSpan.Zero ? TimeSpan.Zero : delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };
}
