namespace Alerting.Dispatch.Internal;

/// <summary>
/// A channel's outbound rate limit: its permit limit and period, with the bucket kept in the <see cref="IRateLimitStore"/>
/// (in this process, or shared by every instance). Each delivery reserves a permit and waits, on the time provider, until
/// it is its own.
/// </summary>
internal sealed class ChannelRateLimit(string channelName, int permitLimit, TimeSpan period, IRateLimitStore store, TimeProvider time)
{
    public int PermitLimit { get; } = permitLimit;

    public TimeSpan Period { get; } = period;

    /// <summary>The limit for a channel: its own settings first, then the provider's rate; <see langword="null"/> for no limit.</summary>
    public static ChannelRateLimit? For(string channelName, ChannelRateLimitOptions options, Notifiers.NotifierCapabilities capabilities, IRateLimitStore store, TimeProvider time)
    {
        var permits = options.PermitLimit ?? capabilities.RateLimit;
        return permits is > 0 and var limit ? new ChannelRateLimit(channelName, limit, options.Period ?? capabilities.RatePeriod, store, time) : null;
    }

    /// <summary>Takes a permit and says how long until it is this caller's (zero when it is at once); the caller waits that long on the time provider.</summary>
    public async ValueTask<TimeSpan> ReserveAsync(CancellationToken cancellationToken)
    {
        var permit = await store.AcquireAsync(channelName, PermitLimit, Period, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return permit.IsImmediate ? TimeSpan.Zero : permit.Delay;
    }
}
