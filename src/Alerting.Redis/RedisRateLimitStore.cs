using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Channel rate limits shared by every instance of an app, on a Redis-protocol server: one token bucket per channel,
/// kept as its theoretical arrival time (the generic cell rate algorithm, which is a token bucket written as one
/// number), reserved by one Lua script per delivery on the time the caller passes, never the server's clock. The
/// instances together keep to the channel's limit, which a provider counts per key, not per process. Fails open to an
/// in-process bucket per instance, as the other stores do: during an outage each instance keeps the limit on its own.
/// </summary>
/// <remarks>
/// Key, under the prefix: <c>ratelimit:{channel}</c> (the channel name in lower case) → the time, in Unix milliseconds,
/// at which the bucket will be full again; it expires one period after that, which only collects it (a missing bucket is
/// a full one). A caller whose clock runs behind the others' gets its permits that much later, one whose clock runs
/// ahead that much sooner: clocks are assumed to agree to well within one refill interval (<c>period / permitLimit</c>).
/// </remarks>
public sealed class RedisRateLimitStore : IRateLimitStore
{
    private const string AcquireScript = """
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local period = tonumber(ARGV[3])
        local full = now
        local stored = redis.call('GET', KEYS[1])
        if stored then
          local previous = tonumber(stored)
          if previous and previous > now then full = previous end
        end
        full = full + interval
        redis.call('SET', KEYS[1], string.format('%.17g', full), 'PX', string.format('%.0f', math.ceil(full - now + period)))
        local wait = full - period - now
        if wait <= 0 then return '0' end
        return string.format('%.17g', wait)
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly FailOpen _failOpen;
    private readonly InMemoryRateLimitStore _local = new();

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisRateLimitStore(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisRateLimitStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "rate-limits", status);
    }

    /// <summary>Gets whether the last permit was reserved locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <inheritdoc />
    public ValueTask<RateLimitPermit> AcquireAsync(string channelName, int permitLimit, TimeSpan period, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channelName);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        return _failOpen.Guarded(
            () => SharedAcquireAsync(channelName, permitLimit, period, now),
            () => _local.AcquireAsync(channelName, permitLimit, period, now, cancellationToken));
    }

    private async ValueTask<RateLimitPermit> SharedAcquireAsync(string channelName, int permitLimit, TimeSpan period, DateTimeOffset now)
    {
        RedisKey bucket = _prefix + "ratelimit:" + channelName.ToLowerInvariant();
        var interval = period.TotalMilliseconds / permitLimit;
        RedisValue[] arguments = [now.ToUnixTimeMilliseconds(), interval, period.TotalMilliseconds];
        var wait = (string?)await _connection.GetDatabase().ScriptEvaluateAsync(AcquireScript, [bucket], arguments).ConfigureAwait(false);
        var milliseconds = double.Parse(wait ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture);
        return new RateLimitPermit(milliseconds <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)Math.Ceiling(milliseconds * TimeSpan.TicksPerMillisecond)));
    }
}
