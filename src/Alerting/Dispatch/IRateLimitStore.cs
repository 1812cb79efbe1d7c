namespace Alerting;

/// <summary>
/// Where a channel's outbound rate limit (<see cref="ChannelRateLimitOptions"/>) keeps its token bucket: in this process
/// by default (<see cref="InMemoryRateLimitStore"/>), or in a store shared by several instances of an app
/// (<c>Alerting.Redis</c>, or your own: register it as the <see cref="IRateLimitStore"/> singleton after
/// <c>AddAlerting</c>), so the instances together keep to a provider's limit, which is per key, not per process. Each
/// call is one atomic step on the time the caller passes, never the store's own clock.
/// </summary>
/// <remarks>
/// A permit is reserved, not retried: the caller asks once per delivery and is told how long to wait, so deliveries are
/// served in the order they asked and none is dropped. A bucket holds at most <c>permitLimit</c> permits and refills
/// them evenly over <c>period</c>; a call with a different limit or period than the bucket was used with carries on from
/// the bucket's state (or starts afresh, as the in-process store does), never exceeding the new limit.
/// </remarks>
public interface IRateLimitStore
{
    /// <summary>Reserves the next permit of <paramref name="channelName"/>'s bucket at <paramref name="now"/>.</summary>
    /// <param name="channelName">The channel (names compare ignoring case).</param>
    /// <param name="permitLimit">How many permits the bucket holds, and refills per <paramref name="period"/>; at least 1.</param>
    /// <param name="period">Over how long the bucket refills; positive.</param>
    /// <param name="now">The time by the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The permit, with how long the caller waits before using it.</returns>
    ValueTask<RateLimitPermit> AcquireAsync(string channelName, int permitLimit, TimeSpan period, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>A permit reserved from a channel's token bucket.</summary>
/// <param name="Delay">
/// How long the caller waits before it uses the permit: zero when the bucket held one; otherwise the permit is the
/// caller's once the delay has passed (it does not ask again).
/// </param>
public readonly record struct RateLimitPermit(TimeSpan Delay)
{
    /// <summary>Gets whether the permit may be used at once.</summary>
    public bool IsImmediate => Delay <= TimeSpan.Zero;
}
