using System.Collections.Concurrent;
using Alerting.Dispatch.Internal;

namespace Alerting;

/// <summary>
/// The default, in-process token buckets: one per channel, right for one instance, and what a shared store falls back
/// to while its server cannot be reached. A channel whose limit or period changes (a reloaded configuration) starts
/// with a full bucket; otherwise a reload carries on with the bucket as it was.
/// </summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public ValueTask<RateLimitPermit> AcquireAsync(string channelName, int permitLimit, TimeSpan period, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelName);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        var bucket = _buckets.AddOrUpdate(
            channelName,
            static (_, settings) => new TokenBucket(settings.permitLimit, settings.period),
            static (_, existing, settings) => existing.Capacity == settings.permitLimit && existing.Period == settings.period ? existing : new TokenBucket(settings.permitLimit, settings.period),
            (permitLimit, period));
        return new(new RateLimitPermit(bucket.Reserve(now)));
    }
}
