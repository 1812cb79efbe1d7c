using Alerting.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Threshold counts shared by every instance of an app: the matches of a rule and key in one sorted set (scored by the
/// match times the callers pass), counted, trimmed to the window and reset when complete in one Lua script, so the
/// matches of every replica count toward one threshold and exactly one replica is told it was reached. Expiry only
/// collects keys no match has touched for two windows. Fails open to an in-process count, as the incident store does.
/// </summary>
public sealed class RedisThresholdStore : IThresholdStore
{
    private const string RecordScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', tonumber(ARGV[1]) - tonumber(ARGV[2]))
        redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
        local n = redis.call('ZCARD', KEYS[1])
        if n >= tonumber(ARGV[3]) then
          redis.call('DEL', KEYS[1])
          return {1, n}
        end
        redis.call('PEXPIRE', KEYS[1], 2 * tonumber(ARGV[2]))
        return {0, n}
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly FailOpen _failOpen;
    private readonly InMemoryThresholdStore _local = new();

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisThresholdStore(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisThresholdStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "thresholds", status);
    }

    /// <summary>Gets whether the last count was made locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <inheritdoc />
    public ValueTask<ThresholdCount> RecordMatchAsync(string ruleName, string key, DateTimeOffset at, int count, TimeSpan window) =>
        _failOpen.Guarded(() => SharedRecordMatchAsync(ruleName, key, at, count, window), () => _local.RecordMatchAsync(ruleName, key, at, count, window));

    private async ValueTask<ThresholdCount> SharedRecordMatchAsync(string ruleName, string key, DateTimeOffset at, int count, TimeSpan window)
    {
        RedisKey counted = $"{_prefix}threshold:{ruleName}\u001f{key}";
        var result = (RedisResult[])(await _connection.GetDatabase().ScriptEvaluateAsync(
            RecordScript,
            [counted],
            [at.ToUnixTimeMilliseconds(), (long)window.TotalMilliseconds, count, Guid.NewGuid().ToString("N")]).ConfigureAwait(false))!;
        return new ThresholdCount((int)result[0] == 1, (int)result[1]);
    }
}
