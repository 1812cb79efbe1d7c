using System.Globalization;
using Alerting.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Service health shared by every instance of an app: the latest report of each instance, from whichever replica it
/// came, in one sorted set per service, and the service's degraded state beside it. Each report or check is one Lua
/// script that records, counts the instances healthy at the caller's "now" and flips the state when the count crossed
/// the minimum, so "below minimum healthy instances" is judged over the whole cluster and exactly one replica is told to
/// raise each <c>service.degraded</c> and <c>service.recovered</c>. Decisions use the times the callers pass, never the
/// server's clock; expiry only collects services nobody reports for or checks.
/// </summary>
/// <remarks>
/// Keys, under the prefix (service names in lower case): <c>service-instances:{service}</c> → a sorted set of instance
/// ids scored by their latest report in Unix milliseconds; <c>service:{service}</c> → a hash with <c>degraded</c>
/// (<c>1</c> or <c>0</c>) and <c>changedAt</c>. An instance silent for a day past its timeout is forgotten; both keys
/// expire a day and one timeout after the last report or check.
/// <para>
/// When the server cannot be reached, the store fails open: reports and checks are decided on an in-process store that
/// knows only this replica's instances (every report is also recorded there) and starts from the state the server last
/// gave, so an outage longer than the instance timeout can raise <c>service.degraded</c> on each replica (a duplicate
/// page beats none). A replica told of a change during the outage is told the server's state once it answers again:
/// a degraded raised locally is followed by <c>service.recovered</c> if the cluster is healthy, and a change already
/// raised locally is not raised again.
/// </para>
/// </remarks>
public sealed class RedisServiceHealthStore : IServiceHealthStore
{
    /// <summary>How long an instance past its timeout is still listed as unhealthy before the server forgets it.</summary>
    private static readonly TimeSpan s_expiredInstanceRetention = TimeSpan.FromDays(1);

    private const string JudgeScript = """
        local now = tonumber(ARGV[2])
        local timeout = tonumber(ARGV[3])
        if ARGV[1] ~= '' then
          local seen = redis.call('ZSCORE', KEYS[1], ARGV[1])
          if not seen or tonumber(seen) < now then redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1]) end
        end
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[6])
        local all = redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')
        local reply = {0, 0, -1, 0}
        local healthy, unhealthy = {}, {}
        for i = 1, #all, 2 do
          local seen = tonumber(all[i + 1])
          if seen + timeout > now then
            if reply[3] == -1 then reply[3] = seen end
            healthy[#healthy + 1] = all[i]
          else
            unhealthy[#unhealthy + 1] = all[i]
          end
        end
        local state = redis.call('HMGET', KEYS[2], 'degraded', 'changedAt')
        local degraded = state[1] == '1'
        if ARGV[4] ~= '' then
          local below = #healthy < tonumber(ARGV[4])
          if below ~= degraded and now >= tonumber(state[2] or '0') then
            degraded = below
            if below then reply[1] = 1 else reply[1] = 2 end
            redis.call('HSET', KEYS[2], 'degraded', below and '1' or '0', 'changedAt', ARGV[2])
          end
        end
        if degraded then reply[2] = 1 end
        reply[4] = #healthy
        for _, id in ipairs(healthy) do reply[#reply + 1] = id end
        for _, id in ipairs(unhealthy) do reply[#reply + 1] = id end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return reply
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly FailOpen _failOpen;
    private readonly InMemoryServiceHealthStore _local = new();
    private readonly object _gate = new();

    /// <summary>The degraded state the server last gave, by service; where local decisions start from.</summary>
    private readonly Dictionary<string, bool> _lastShared = new(StringComparer.Ordinal);

    /// <summary>The state local decisions told this replica during an outage, by service, until the server answers a judgement again.</summary>
    private readonly Dictionary<string, bool> _toldLocally = new(StringComparer.Ordinal);

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisServiceHealthStore(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisServiceHealthStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "service-health", status);
    }

    /// <summary>Gets whether the last report or check was decided locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <inheritdoc />
    public ValueTask<ServiceHealth> ReportHealthyAsync(string service, string instanceId, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        return _failOpen.Guarded(
            () => SharedAsync(service, instanceId, now, instanceHeartbeatTimeout, minimumHealthyInstances),
            () => LocalAsync(service, instanceId, now, instanceHeartbeatTimeout, minimumHealthyInstances));
    }

    /// <inheritdoc />
    public ValueTask<ServiceHealth> CheckAsync(string service, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return _failOpen.Guarded(
            () => SharedAsync(service, null, now, instanceHeartbeatTimeout, minimumHealthyInstances),
            () => LocalAsync(service, null, now, instanceHeartbeatTimeout, minimumHealthyInstances));
    }

    private async ValueTask<ServiceHealth> SharedAsync(string service, string? instanceId, DateTimeOffset now, TimeSpan timeout, int? minimum)
    {
        var name = service.ToLowerInvariant();
        var nowMillis = now.ToUnixTimeMilliseconds();
        var keptMillis = (long)(timeout + s_expiredInstanceRetention).TotalMilliseconds;
        RedisKey[] keys = [$"{_prefix}service-instances:{name}", $"{_prefix}service:{name}"];
        RedisValue[] args =
        [
            instanceId ?? string.Empty,
            nowMillis,
            (long)timeout.TotalMilliseconds,
            minimum?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            keptMillis,
            nowMillis - keptMillis,
        ];
        var reply = (RedisResult[])(await _connection.GetDatabase().ScriptEvaluateAsync(JudgeScript, keys, args).ConfigureAwait(false))!;
        if (instanceId is not null)
        {
            await _local.ReportHealthyAsync(service, instanceId, now, timeout, null).ConfigureAwait(false); // what this replica knows if the server goes away
        }

        var healthyCount = (int)reply[3];
        string[] instances = [.. reply.Skip(4).Select(r => (string)r!)];
        var nextSeen = (long)reply[2];
        var health = new ServiceHealth
        {
            HealthyInstances = Sorted(instances[..healthyCount]),
            UnhealthyInstances = Sorted(instances[healthyCount..]),
            IsDegraded = (int)reply[1] == 1,
            Change = (ServiceHealthChange)(int)reply[0],
            NextExpiry = nextSeen < 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(nextSeen) + timeout,
        };
        return minimum is null ? Remember(name, health) : Reconcile(name, health);
    }

    /// <summary>Decides on the in-process store, which counts this replica's instances, from the state the server last gave (or a local decision made since).</summary>
    private async ValueTask<ServiceHealth> LocalAsync(string service, string? instanceId, DateTimeOffset now, TimeSpan timeout, int? minimum)
    {
        var counted = instanceId is null
            ? await _local.CheckAsync(service, now, timeout, null).ConfigureAwait(false)
            : await _local.ReportHealthyAsync(service, instanceId, now, timeout, null).ConfigureAwait(false);
        var name = service.ToLowerInvariant();
        lock (_gate)
        {
            var degraded = _toldLocally.TryGetValue(name, out var told) ? told : _lastShared.GetValueOrDefault(name);
            var change = ServiceHealthChange.None;
            if (minimum is { } min && counted.HealthyInstances.Count < min != degraded)
            {
                degraded = !degraded;
                _toldLocally[name] = degraded;
                change = degraded ? ServiceHealthChange.Degraded : ServiceHealthChange.Recovered;
            }

            return With(counted, degraded, change);
        }
    }

    private ServiceHealth Remember(string name, ServiceHealth health)
    {
        lock (_gate)
        {
            _lastShared[name] = health.IsDegraded;
        }

        return health;
    }

    /// <summary>
    /// After an outage, tells this replica the server's state once: a change it was told locally that no longer holds is
    /// followed by the server's (a local degraded by a recovered), and one the server makes that it was already told
    /// locally is not told again.
    /// </summary>
    private ServiceHealth Reconcile(string name, ServiceHealth health)
    {
        lock (_gate)
        {
            _lastShared[name] = health.IsDegraded;
            if (!_toldLocally.Remove(name, out var told))
            {
                return health;
            }

            var change = health.Change switch
            {
                ServiceHealthChange.None when told != health.IsDegraded => health.IsDegraded ? ServiceHealthChange.Degraded : ServiceHealthChange.Recovered,
                ServiceHealthChange.Degraded when told => ServiceHealthChange.None,
                ServiceHealthChange.Recovered when !told => ServiceHealthChange.None,
                var made => made,
            };
            return change == health.Change ? health : With(health, health.IsDegraded, change);
        }
    }

    private static ServiceHealth With(ServiceHealth health, bool degraded, ServiceHealthChange change) => new()
    {
        HealthyInstances = health.HealthyInstances,
        UnhealthyInstances = health.UnhealthyInstances,
        IsDegraded = degraded,
        Change = change,
        NextExpiry = health.NextExpiry,
    };

    private static string[] Sorted(string[] ids)
    {
        Array.Sort(ids, StringComparer.Ordinal);
        return ids;
    }
}
