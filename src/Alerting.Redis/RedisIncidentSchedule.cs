using System.Globalization;
using System.Text.Json;
using Alerting.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// The timed steps of incidents (escalation levels, group flushes, delayed resolves) shared by every instance of an
/// app: a step scheduled by one replica runs once, on the first replica to claim it when it is due, and still runs
/// when the replica that scheduled it has died. A claim is a lease of <see cref="RedisOptions.TakeoverLease"/>: a step
/// claimed by a replica that dies before completing it is claimed again by another once the lease has run out. Every
/// replica claims when a step it knows of comes due and every <see cref="RedisOptions.TakeoverPollInterval"/>, so a step
/// left by a dead replica runs within that interval of its time. Each claim and completion is one Lua script.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>steps:due</c> (a sorted set of step ids by due time, Unix milliseconds),
/// <c>steps:claimed</c> (step ids by the end of their claim's lease), <c>steps:data</c> (a hash: step id → the step as
/// JSON). A completed step leaves all three. When the server cannot be reached, steps are kept and claimed on this
/// replica (fail open), and those kept here run here even after the server is back.
/// </remarks>
public sealed class RedisIncidentSchedule : IIncidentSchedule
{
    private const string ScheduleScript = """
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
        return 1
        """;

    private const string ClaimScript = """
        local now = tonumber(ARGV[1])
        local leaseEnd = now + tonumber(ARGV[2])
        local max = tonumber(ARGV[3])
        local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, max)
        if #ids < max then
          local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, max - #ids)
          for _, id in ipairs(due) do
            redis.call('ZREM', KEYS[1], id)
            ids[#ids + 1] = id
          end
        end
        local out = {tostring(leaseEnd), '', ''}
        for _, id in ipairs(ids) do
          redis.call('ZADD', KEYS[2], leaseEnd, id)
          out[#out + 1] = redis.call('HGET', KEYS[3], id) or ''
        end
        local nextDue = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
        if nextDue[2] then out[2] = nextDue[2] end
        local nextLease = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
        if nextLease[2] then out[3] = nextLease[2] end
        return out
        """;

    private const string CompleteScript = """
        local lease = redis.call('ZSCORE', KEYS[2], ARGV[1])
        if not lease or tonumber(lease) ~= tonumber(ARGV[2]) then return 0 end
        redis.call('ZREM', KEYS[2], ARGV[1])
        if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then redis.call('HDEL', KEYS[3], ARGV[1]) end
        return 1
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly RedisKey[] _keys;
    private readonly TimeSpan _lease;
    private readonly FailOpen _failOpen;
    private readonly InMemoryIncidentSchedule _local = new();

    /// <summary>A schedule over <paramref name="connection"/>, with its keys under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix, the claim lease and the poll interval.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisIncidentSchedule(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisIncidentSchedule>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _keys = [options.KeyPrefix + "steps:due", options.KeyPrefix + "steps:claimed", options.KeyPrefix + "steps:data"];
        _lease = options.TakeoverLease;
        PollInterval = options.TakeoverPollInterval;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "steps", status);
    }

    /// <inheritdoc />
    public TimeSpan? PollInterval { get; }

    /// <summary>Gets whether the last call was served locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    private IDatabase Database => _connection.GetDatabase();

    /// <inheritdoc />
    public ValueTask ScheduleAsync(IncidentStep incidentStep, DateTimeOffset dueAt) =>
        _failOpen.Guarded(() => SharedScheduleAsync(incidentStep, dueAt), () => _local.ScheduleAsync(incidentStep, dueAt));

    /// <inheritdoc />
    /// <remarks>Steps kept on this replica during an outage are claimed first, then the server's.</remarks>
    public async ValueTask<IncidentStepClaim> ClaimDueAsync(DateTimeOffset now, int max)
    {
        var local = await _local.ClaimDueAsync(now, max).ConfigureAwait(false);
        var left = max - local.Steps.Count;
        var shared = await _failOpen.Guarded(() => SharedClaimDueAsync(now, left), () => new ValueTask<IncidentStepClaim>(new IncidentStepClaim([], null))).ConfigureAwait(false);
        return new IncidentStepClaim([.. local.Steps, .. shared.Steps], Earliest(local.NextDueAt, shared.NextDueAt));
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(ClaimedIncidentStep claimed) =>
        claimed.Token == 0 ? _local.CompleteAsync(claimed) : _failOpen.Guarded(() => SharedCompleteAsync(claimed), () => default);

    private async ValueTask SharedScheduleAsync(IncidentStep step, DateTimeOffset dueAt) =>
        await Database.ScriptEvaluateAsync(ScheduleScript, [_keys[0], _keys[2]], [step.Id, dueAt.ToUnixTimeMilliseconds(), Write(step)]).ConfigureAwait(false);

    private async ValueTask<IncidentStepClaim> SharedClaimDueAsync(DateTimeOffset now, int max)
    {
        if (max <= 0)
        {
            return new IncidentStepClaim([], now);
        }

        var result = (RedisResult[])(await Database.ScriptEvaluateAsync(ClaimScript, _keys, [now.ToUnixTimeMilliseconds(), (long)_lease.TotalMilliseconds, max]).ConfigureAwait(false))!;
        var token = long.Parse((string)result[0]!, CultureInfo.InvariantCulture);
        var steps = new List<ClaimedIncidentStep>(result.Length - 3);
        for (var i = 3; i < result.Length; i++)
        {
            if (Read((string?)result[i]) is { } step)
            {
                steps.Add(new ClaimedIncidentStep(step, token));
            }
        }

        return new IncidentStepClaim(steps, Earliest(Time((string?)result[1]), Time((string?)result[2])));
    }

    private async ValueTask SharedCompleteAsync(ClaimedIncidentStep claimed) =>
        await Database.ScriptEvaluateAsync(CompleteScript, _keys, [claimed.Step.Id, claimed.Token]).ConfigureAwait(false);

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private static DateTimeOffset? Time(string? millis) =>
        double.TryParse(millis, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? DateTimeOffset.FromUnixTimeMilliseconds((long)value) : null;

    private static string Write(IncidentStep step)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", step.Kind.ToString());
            writer.WriteString("incident", step.IncidentId);
            writer.WriteString("rule", step.RuleName);
            writer.WriteNumber("level", step.Level);
            writer.WriteNumber("round", step.Round);
            if (step.ResolveEvent is { } resolving)
            {
                writer.WriteString("event", AlertEventJson.Write(resolving));
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The step a claim returned; null for one whose data is gone (completed by a replica whose lease had run out).</summary>
    private static IncidentStep? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        AlertEvent? resolving = null;
        if (root.TryGetProperty("event", out var e) && AlertEventJson.TryRead(e.GetString()!, out var read, out _))
        {
            resolving = read;
        }

        return new IncidentStep(
            Enum.Parse<IncidentStepKind>(root.GetProperty("kind").GetString()!),
            root.GetProperty("incident").GetString()!,
            root.GetProperty("rule").GetString()!,
            root.GetProperty("level").GetInt32(),
            root.GetProperty("round").GetInt32(),
            resolving);
    }
}
