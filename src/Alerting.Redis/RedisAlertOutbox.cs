using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// The outbox of the replicas of an app, on the Redis server: each replica keeps the events it accepted in a hash of
/// its own until all their notifications have an outcome, and renews a lease every
/// <see cref="RedisOptions.TakeoverPollInterval"/>. When a replica dies (or is killed, or stops before its drain ended),
/// its lease runs out after <see cref="RedisOptions.TakeoverLease"/>, and the first replica to look moves its events to
/// its own hash and dispatches them, at least once: the event that opened an incident sends its notification again,
/// while the events the incident store already counted stay deduplicated. Adding an event is one round trip, awaited by
/// the publisher; marking it done is sent without waiting.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>replicas</c> (a sorted set of replica ids by the end of their lease, Unix milliseconds)
/// and <c>pending:{replica}</c> (a hash: event id → the event as JSON). A replica that stops with nothing pending leaves
/// both. While the server cannot be reached, accepted events are kept in this process only (they are not claimable by
/// others), the outage is reported to the <see cref="RedisSharingStatus"/>, and publishing goes on.
/// </remarks>
public sealed class RedisAlertOutbox : IAlertOutbox
{
    private const string AddScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        if not redis.call('ZSCORE', KEYS[2], ARGV[3]) then redis.call('ZADD', KEYS[2], ARGV[4], ARGV[3]) end
        return 1
        """;

    private const string TakeOverScript = """
        local lease = redis.call('ZSCORE', KEYS[1], ARGV[1])
        if lease and tonumber(lease) > tonumber(ARGV[2]) then return {} end
        local events = redis.call('HGETALL', KEYS[2])
        for i = 1, #events, 2 do redis.call('HSET', KEYS[3], events[i], events[i + 1]) end
        redis.call('DEL', KEYS[2])
        redis.call('ZREM', KEYS[1], ARGV[1])
        return events
        """;

    private const string LeaveScript = """
        if redis.call('HLEN', KEYS[2]) == 0 then redis.call('ZREM', KEYS[1], ARGV[1]) end
        return 1
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly FailOpen _failOpen;
    private readonly RedisKey _replicas;
    private readonly RedisKey _pending;
    private volatile bool _keepPending;

    /// <summary>An outbox over <paramref name="connection"/>, with its keys under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix, this replica's id, the lease and how often to renew it.</param>
    /// <param name="time">The clock of the leases; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Where events taken over are logged (and an outage, when no <paramref name="status"/> is given); none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this outbox's own when <see langword="null"/>.</param>
    public RedisAlertOutbox(IConnectionMultiplexer connection, RedisOptions options, TimeProvider? time = null, ILogger<RedisAlertOutbox>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _time = time ?? TimeProvider.System;
        _lease = options.TakeoverLease;
        ClaimInterval = options.TakeoverPollInterval;
        ReplicaId = string.Create(CultureInfo.InvariantCulture, $"{options.ReplicaId ?? $"{Environment.MachineName}-{Environment.ProcessId}"}-{Guid.NewGuid().ToString("N")[..8]}");
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _failOpen = new FailOpen(_logger, "outbox", status);
        _replicas = _prefix + "replicas";
        _pending = PendingKey(ReplicaId);
    }

    /// <summary>
    /// Gets this replica's id among those sharing the server: <see cref="RedisOptions.ReplicaId"/> (or the machine name
    /// and process id) and a random suffix, new at each start, so the events of a previous run are taken over like
    /// those of any replica that stopped.
    /// </summary>
    public string ReplicaId { get; }

    /// <inheritdoc />
    public TimeSpan? ClaimInterval { get; }

    private IDatabase Database => _connection.GetDatabase();

    /// <inheritdoc />
    /// <remarks>Renews this replica's lease, then takes over the events of every replica whose lease has run out (this one's previous run among them).</remarks>
    public ValueTask<IReadOnlyList<AlertEvent>> ClaimAsync(CancellationToken cancellationToken) =>
        _failOpen.Guarded(SharedClaimAsync, () => new ValueTask<IReadOnlyList<AlertEvent>>([]));

    /// <inheritdoc />
    public ValueTask AddAsync(AlertEvent alertEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        return _failOpen.Guarded(() => SharedAddAsync(alertEvent), () => default);
    }

    /// <inheritdoc />
    public void Done(string eventId)
    {
        if (_keepPending)
        {
            return;
        }

        try
        {
            Database.HashDelete(_pending, eventId, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            // Left on the server: dispatched again (at least once) if this replica stops before it is done again.
        }
    }

    /// <inheritdoc />
    public void KeepPending() => _keepPending = true;

    /// <inheritdoc />
    /// <remarks>Leaves the replicas' set when nothing is pending; otherwise the lease runs out and another replica takes the events over.</remarks>
    public ValueTask CloseAsync() => _failOpen.Guarded(SharedCloseAsync, () => default);

    private async ValueTask SharedAddAsync(AlertEvent alertEvent) =>
        await Database.ScriptEvaluateAsync(AddScript, [_pending, _replicas], [alertEvent.Id, AlertEventJson.Write(alertEvent), ReplicaId, LeaseEnd()]).ConfigureAwait(false);

    private async ValueTask<IReadOnlyList<AlertEvent>> SharedClaimAsync()
    {
        var database = Database;
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        await database.SortedSetAddAsync(_replicas, ReplicaId, LeaseEnd()).ConfigureAwait(false);
        var events = new List<AlertEvent>();
        foreach (var stopped in await database.SortedSetRangeByScoreAsync(_replicas, double.NegativeInfinity, now).ConfigureAwait(false))
        {
            var id = stopped.ToString();
            if (id == ReplicaId)
            {
                continue;
            }

            var moved = (RedisResult[])(await database.ScriptEvaluateAsync(TakeOverScript, [_replicas, PendingKey(id), _pending], [id, now]).ConfigureAwait(false))!;
            var taken = Read(moved.Chunk(2).Select(pair => new HashEntry((string)pair[0]!, (string)pair[1]!)).ToArray());
            if (taken.Count > 0)
            {
                RedisLog.EventsTakenOver(_logger, taken.Count, id);
            }

            events.AddRange(taken);
        }

        return [.. events.OrderBy(e => e.Timestamp).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    private async ValueTask SharedCloseAsync() =>
        await Database.ScriptEvaluateAsync(LeaveScript, [_replicas, _pending], [ReplicaId]).ConfigureAwait(false);

    private long LeaseEnd() => (_time.GetUtcNow() + _lease).ToUnixTimeMilliseconds();

    private RedisKey PendingKey(string replica) => _prefix + "pending:" + replica;

    private List<AlertEvent> Read(HashEntry[] entries)
    {
        var events = new List<AlertEvent>(entries.Length);
        foreach (var entry in entries)
        {
            if (AlertEventJson.TryRead(entry.Value.ToString(), out var e, out var problem))
            {
                events.Add(e!);
            }
            else
            {
                RedisLog.PendingEventUnreadable(_logger, entry.Name.ToString(), problem!);
            }
        }

        return events;
    }
}
