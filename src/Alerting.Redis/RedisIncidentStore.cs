using System.Globalization;
using Alerting.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Incidents shared by every instance of an app, on a Redis-protocol server. Each decision (open or count a firing
/// event, claim a re-notification, mark resolving, resolve, acknowledge, record a phase or the channels notified) is
/// one Lua script that reads and writes the incident together, so N replicas racing on one key open it once and exactly
/// one of them is told to notify. Decisions use the "now" the caller passes (its <see cref="TimeProvider"/>), never the
/// server's clock; expiry only collects resolved incidents.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>open:{rule}␟{key}</c> → the id of the rule's open incident with that key;
/// <c>resolved:{rule}␟{key}</c> → the id of the last one resolved (kept as long as the resolved incident);
/// <c>incident:{id}</c> → a hash with the incident (its opening event as JSON, counts, times in Unix milliseconds, the
/// channels notified, one per line); <c>open</c> → the set of open ids; <c>source:{source}</c> → the set of ids opened by
/// a source; <c>type:{type}</c> (lower case) → the set of ids opened by an event of a type, which inhibitions ask. A
/// decision about an incident found by key passes every key it touches to the script, which checks that the incident it read is still the one it was given (so Garnet, which locks the keys a script declares, is as atomic as
/// Redis), and the store tries again when another replica changed it in between.
/// <para>
/// When the server cannot be reached, the store fails open: it decides on an in-process store instead (a duplicate page
/// beats none), logs a warning when that starts and when the server answers again, and goes back to the server for the
/// next decision. Incidents decided locally during the outage stay local.
/// </para>
/// </remarks>
public sealed class RedisIncidentStore : IIncidentStore
{
    private const int MaxRaceRetries = 8;

    private const string FiringScript = """
        local current = redis.call('GET', KEYS[1])
        if ARGV[2] == '0' then
          if current then return {'retry'} end
          redis.call('SET', KEYS[1], ARGV[1])
          redis.call('HSET', KEYS[2], 'rule', ARGV[5], 'key', ARGV[6], 'type', ARGV[7], 'source', ARGV[8], 'severity', ARGV[9],
            'message', ARGV[10], 'event', ARGV[11], 'status', 'open', 'openedAt', ARGV[3], 'lastOccurrenceAt', ARGV[3],
            'lastNotifiedAt', ARGV[3], 'occurrences', '1', 'channels', '')
          redis.call('SADD', KEYS[3], ARGV[1])
          redis.call('SADD', KEYS[4], ARGV[1])
          redis.call('SADD', KEYS[5], ARGV[1])
          return {'opened', ARGV[1], 1, ARGV[3], 0, 0}
        end
        if current ~= ARGV[1] then return {'retry'} end
        local n = redis.call('HINCRBY', KEYS[2], 'occurrences', 1)
        redis.call('HSET', KEYS[2], 'lastOccurrenceAt', ARGV[3])
        local damped = redis.call('HEXISTS', KEYS[2], 'resolvingSince')
        if damped == 1 then redis.call('HDEL', KEYS[2], 'resolvingSince') end
        local renotify = 0
        if damped == 0 and redis.call('HGET', KEYS[2], 'status') == 'open' then
          local last = tonumber(redis.call('HGET', KEYS[2], 'lastNotifiedAt'))
          if tonumber(ARGV[3]) - last >= tonumber(ARGV[4]) then
            renotify = 1
            redis.call('HSET', KEYS[2], 'lastNotifiedAt', ARGV[3])
          end
        end
        return {'counted', ARGV[1], n, redis.call('HGET', KEYS[2], 'openedAt'), renotify, damped}
        """;

    private const string NotifiedScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' then return 0 end
        local channels = redis.call('HGET', KEYS[1], 'channels')
        local known = {}
        for name in string.gmatch(channels, '[^\n]+') do known[string.lower(name)] = true end
        for i = 1, #ARGV do
          if not known[string.lower(ARGV[i])] then
            channels = channels .. ARGV[i] .. '\n'
            known[string.lower(ARGV[i])] = true
          end
        end
        redis.call('HSET', KEYS[1], 'channels', channels)
        return 1
        """;

    private const string ResolvingScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' or redis.call('HEXISTS', KEYS[1], 'resolvingSince') == 1 then return 0 end
        redis.call('HSET', KEYS[1], 'resolvingSince', ARGV[1])
        return 1
        """;

    private const string ResolveScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' then return nil end
        if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[1], 'resolvingSince') == 0 then return nil end
        redis.call('HSET', KEYS[1], 'status', 'resolved', 'resolvedAt', ARGV[1])
        redis.call('HDEL', KEYS[1], 'resolvingSince')
        if redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
        redis.call('SET', KEYS[5], ARGV[4], 'PX', ARGV[3])
        redis.call('SREM', KEYS[3], ARGV[4])
        redis.call('SREM', KEYS[4], ARGV[4])
        redis.call('SREM', KEYS[6], ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return redis.call('HGETALL', KEYS[1])
        """;

    private const string AcknowledgeScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return nil end
        redis.call('HSET', KEYS[1], 'status', 'acknowledged', 'ackBy', ARGV[1], 'ackNote', ARGV[2], 'ackAt', ARGV[3])
        return redis.call('HGETALL', KEYS[1])
        """;

    private const string EscalationScript = """
        if redis.call('HGET', KEYS[1], 'status') ~= 'open' then return nil end
        local round = tonumber(redis.call('HGET', KEYS[1], 'escRound') or '0')
        local level = tonumber(redis.call('HGET', KEYS[1], 'escLevel') or '0')
        local fires = 0
        if tonumber(ARGV[1]) > round or (tonumber(ARGV[1]) == round and tonumber(ARGV[2]) > level) then
          redis.call('HSET', KEYS[1], 'escRound', ARGV[1], 'escLevel', ARGV[2])
          fires = 1
        end
        local out = redis.call('HGETALL', KEYS[1])
        out[#out + 1] = 'fires'
        out[#out + 1] = tostring(fires)
        return out
        """;

    private const string AdoptScript = """
        local current = redis.call('GET', KEYS[1])
        if current then return current end
        redis.call('SET', KEYS[1], ARGV[1])
        redis.call('HSET', KEYS[2], 'rule', ARGV[2], 'key', ARGV[3], 'type', ARGV[4], 'source', ARGV[5], 'severity', ARGV[6],
          'message', ARGV[7], 'event', ARGV[8], 'status', ARGV[9], 'openedAt', ARGV[10], 'lastOccurrenceAt', ARGV[11],
          'lastNotifiedAt', ARGV[12], 'occurrences', ARGV[13], 'channels', ARGV[14], 'escLevel', ARGV[18], 'escRound', ARGV[19])
        if ARGV[9] == 'acknowledged' then redis.call('HSET', KEYS[2], 'ackBy', ARGV[15], 'ackNote', ARGV[16], 'ackAt', ARGV[17]) end
        if ARGV[20] ~= '' then redis.call('HSET', KEYS[2], 'phase', ARGV[20]) end
        redis.call('SADD', KEYS[3], ARGV[1])
        redis.call('SADD', KEYS[4], ARGV[1])
        redis.call('SADD', KEYS[5], ARGV[1])
        return false
        """;

    private const string MergeScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('HINCRBY', KEYS[2], 'occurrences', ARGV[2])
        if tonumber(ARGV[3]) > tonumber(redis.call('HGET', KEYS[2], 'lastOccurrenceAt')) then
          redis.call('HSET', KEYS[2], 'lastOccurrenceAt', ARGV[3])
        end
        local channels = redis.call('HGET', KEYS[2], 'channels')
        local known = {}
        for name in string.gmatch(channels, '[^\n]+') do known[string.lower(name)] = true end
        for name in string.gmatch(ARGV[4], '[^\n]+') do
          if not known[string.lower(name)] then
            channels = channels .. name .. '\n'
            known[string.lower(name)] = true
          end
        end
        redis.call('HSET', KEYS[2], 'channels', channels)
        if ARGV[5] ~= '' and redis.call('HGET', KEYS[2], 'status') == 'open' then
          redis.call('HSET', KEYS[2], 'status', 'acknowledged', 'ackBy', ARGV[5], 'ackNote', ARGV[6], 'ackAt', ARGV[7])
        end
        return 1
        """;

    private const string PhaseScript = """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' then return nil end
        redis.call('HSET', KEYS[1], 'phase', ARGV[1])
        return redis.call('HGETALL', KEYS[1])
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly TimeSpan _retention;
    private readonly FailOpen _failOpen;
    private readonly InMemoryIncidentStore _local = new();
    private readonly object _sharingLock = new();
    private Task<int>? _sharing;

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix and retention.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisIncidentStore(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisIncidentStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _retention = options.ResolvedRetention;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "incidents", status);
    }

    /// <summary>Gets whether the last decision was made locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <inheritdoc />
    public int OpenCount => _failOpen.Guarded(() => (int)Database.SetLength(OpenSetKey), () => _local.OpenCount);

    private IDatabase Database => _connection.GetDatabase();

    private RedisKey OpenSetKey => _prefix + "open";

    private async ValueTask<FiringDecision> SharedRecordFiringAsync(string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now, TimeSpan repeatInterval)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        var openKey = OpenKey(ruleName, key);
        var json = AlertEventJson.Write(alertEvent);
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var current = await Database.StringGetAsync(openKey).ConfigureAwait(false);
            var id = current.HasValue ? current.ToString() : Guid.NewGuid().ToString("N");
            var result = (RedisResult[])(await Database.ScriptEvaluateAsync(
                FiringScript,
                [openKey, IncidentKey(id), OpenSetKey, SourceKey(alertEvent.Source), TypeKey(alertEvent.Type)],
                [id, current.HasValue ? "1" : "0", Millis(now), (long)repeatInterval.TotalMilliseconds, ruleName, key, alertEvent.Type,
                 alertEvent.Source, (int)alertEvent.Severity, alertEvent.Message ?? string.Empty, json]).ConfigureAwait(false))!;
            if ((string?)result[0] == "retry")
            {
                continue; // another replica opened or closed it between the read and the decision
            }

            return new FiringDecision(
                (string)result[1]!,
                (string?)result[0] == "opened",
                (int)result[4] == 1,
                (int)result[2],
                FromMillis((long)result[3]),
                (int)result[5] == 1);
        }

        throw new InvalidOperationException($"The incident of rule '{ruleName}' changed on every one of {MaxRaceRetries} tries.");
    }

    private async ValueTask SharedMarkNotifiedAsync(string incidentId, IEnumerable<string> channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        RedisValue[] names = [.. channels.Select(c => (RedisValue)c)];
        if (names.Length > 0)
        {
            await Database.ScriptEvaluateAsync(NotifiedScript, [IncidentKey(incidentId)], names).ConfigureAwait(false);
        }
    }

    private async ValueTask<Incident?> SharedFindAsync(string ruleName, string key)
    {
        var id = await Database.StringGetAsync(OpenKey(ruleName, key)).ConfigureAwait(false);
        return id.HasValue ? await SharedGetAsync(id.ToString()).ConfigureAwait(false) : null;
    }

    private async ValueTask<Incident?> SharedFindLatestAsync(string ruleName, string key)
    {
        if (await SharedFindAsync(ruleName, key).ConfigureAwait(false) is { } open)
        {
            return open;
        }

        var id = await Database.StringGetAsync(LatestKey(ruleName, key)).ConfigureAwait(false);
        return id.HasValue ? Snapshot(id.ToString(), await Database.HashGetAllAsync(IncidentKey(id.ToString())).ConfigureAwait(false)) : null;
    }

    private async ValueTask<IReadOnlyList<Incident>> SharedFindBySourceAsync(string source, IReadOnlyCollection<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        var ids = await Database.SetMembersAsync(SourceKey(source)).ConfigureAwait(false);
        var incidents = await Task.WhenAll(ids.Select(id => SharedGetAsync(id.ToString()).AsTask())).ConfigureAwait(false);
        return [.. incidents.OfType<Incident>().Where(i => eventTypes.Contains(i.EventType)).OrderBy(i => i.OpenedAt)];
    }

    private async ValueTask<IReadOnlyList<Incident>> SharedFindByTypeAsync(IReadOnlyCollection<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        RedisKey[] keys = [.. eventTypes.Select(TypeKey).Distinct()];
        var ids = keys.Length == 1
            ? await Database.SetMembersAsync(keys[0]).ConfigureAwait(false)
            : await Database.SetCombineAsync(SetOperation.Union, keys).ConfigureAwait(false);
        var incidents = await Task.WhenAll(ids.Select(id => SharedGetAsync(id.ToString()).AsTask())).ConfigureAwait(false);
        return [.. incidents.OfType<Incident>().OrderBy(i => i.OpenedAt)];
    }

    private async ValueTask<bool> SharedMarkResolvingAsync(string incidentId, DateTimeOffset now) =>
        (int)await Database.ScriptEvaluateAsync(ResolvingScript, [IncidentKey(incidentId)], [Millis(now)]).ConfigureAwait(false) == 1;

    private async ValueTask<Incident?> SharedResolveAsync(string incidentId, DateTimeOffset now, bool onlyIfResolving = false)
    {
        var fields = await Database.HashGetAsync(IncidentKey(incidentId), ["rule", "key", "source", "type"]).ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        var result = await Database.ScriptEvaluateAsync(
            ResolveScript,
            [IncidentKey(incidentId), OpenKey(fields[0]!, fields[1]!), OpenSetKey, SourceKey(fields[2]!), LatestKey(fields[0]!, fields[1]!), TypeKey(fields[3].ToString())],
            [Millis(now), onlyIfResolving ? "1" : "0", (long)_retention.TotalMilliseconds, incidentId]).ConfigureAwait(false);
        return Snapshot(incidentId, result);
    }

    private async ValueTask<Incident?> SharedAcknowledgeAsync(string incidentId, string acknowledgedBy, string? note, DateTimeOffset now) =>
        Snapshot(incidentId, await Database.ScriptEvaluateAsync(AcknowledgeScript, [IncidentKey(incidentId)], [acknowledgedBy, note ?? string.Empty, Millis(now)]).ConfigureAwait(false));

    private async ValueTask<Incident?> SharedGetAsync(string incidentId)
    {
        var incident = Snapshot(incidentId, await Database.HashGetAllAsync(IncidentKey(incidentId)).ConfigureAwait(false));
        return incident is { Status: not IncidentStatus.Resolved } ? incident : null;
    }

    private async ValueTask<EscalationRecord> SharedRecordEscalationAsync(string incidentId, int level, int round)
    {
        var result = await Database.ScriptEvaluateAsync(EscalationScript, [IncidentKey(incidentId)], [round, level + 1]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return default;
        }

        var fields = (RedisResult[])result!;
        return new EscalationRecord(Snapshot(incidentId, result), (string?)fields[^1] == "1");
    }

    private async ValueTask<Incident?> SharedSetPhaseAsync(string incidentId, IncidentPhase phase) =>
        Snapshot(incidentId, await Database.ScriptEvaluateAsync(PhaseScript, [IncidentKey(incidentId)], [(int)phase]).ConfigureAwait(false));

    /// <inheritdoc />
    public IReadOnlyList<Incident> GetOpen() => _failOpen.Guarded(SharedGetOpen, _local.GetOpen);

    private IReadOnlyList<Incident> SharedGetOpen()
    {
        var database = Database;
        return [.. database.SetMembers(OpenSetKey)
            .Select(id => Snapshot(id.ToString(), database.HashGetAll(IncidentKey(id.ToString()))))
            .OfType<Incident>()
            .Where(i => i.Status != IncidentStatus.Resolved)
            .OrderBy(i => i.OpenedAt)];
    }

    /// <inheritdoc />
    public ValueTask<FiringDecision> RecordFiringAsync(string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now, TimeSpan repeatInterval) => _failOpen.Guarded(() => AfterSharing(() => SharedRecordFiringAsync(ruleName, key, alertEvent, now, repeatInterval)), () => _local.RecordFiringAsync(ruleName, key, alertEvent, now, repeatInterval));

    /// <inheritdoc />
    public ValueTask MarkNotifiedAsync(string incidentId, IEnumerable<string> channels) => _failOpen.Guarded(() => AfterSharing(() => SharedMarkNotifiedAsync(incidentId, channels)), () => _local.MarkNotifiedAsync(incidentId, channels));

    /// <inheritdoc />
    public ValueTask<Incident?> FindAsync(string ruleName, string key) => _failOpen.Guarded(() => AfterSharing(() => SharedFindAsync(ruleName, key)), () => _local.FindAsync(ruleName, key));

    /// <inheritdoc />
    public ValueTask<Incident?> FindLatestAsync(string ruleName, string key) => _failOpen.Guarded(() => AfterSharing(() => SharedFindLatestAsync(ruleName, key)), () => ((IIncidentStore)_local).FindLatestAsync(ruleName, key));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Incident>> FindBySourceAsync(string source, IReadOnlyCollection<string> eventTypes) => _failOpen.Guarded(() => AfterSharing(() => SharedFindBySourceAsync(source, eventTypes)), () => _local.FindBySourceAsync(source, eventTypes));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Incident>> FindByTypeAsync(IReadOnlyCollection<string> eventTypes) => _failOpen.Guarded(() => AfterSharing(() => SharedFindByTypeAsync(eventTypes)), () => _local.FindByTypeAsync(eventTypes));

    /// <inheritdoc />
    public ValueTask<bool> MarkResolvingAsync(string incidentId, DateTimeOffset now) => _failOpen.Guarded(() => AfterSharing(() => SharedMarkResolvingAsync(incidentId, now)), () => _local.MarkResolvingAsync(incidentId, now));

    /// <inheritdoc />
    public ValueTask<Incident?> ResolveAsync(string incidentId, DateTimeOffset now, bool onlyIfResolving = false) => _failOpen.Guarded(() => AfterSharing(() => SharedResolveAsync(incidentId, now, onlyIfResolving)), () => _local.ResolveAsync(incidentId, now, onlyIfResolving));

    /// <inheritdoc />
    public ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note, DateTimeOffset now) => _failOpen.Guarded(() => AfterSharing(() => SharedAcknowledgeAsync(incidentId, acknowledgedBy, note, now)), () => _local.AcknowledgeAsync(incidentId, acknowledgedBy, note, now));

    /// <inheritdoc />
    public ValueTask<Incident?> GetAsync(string incidentId) => _failOpen.Guarded(() => AfterSharing(() => SharedGetAsync(incidentId)), () => _local.GetAsync(incidentId));

    /// <inheritdoc />
    public ValueTask<EscalationRecord> RecordEscalationAsync(string incidentId, int level, int round, DateTimeOffset now) => _failOpen.Guarded(() => AfterSharing(() => SharedRecordEscalationAsync(incidentId, level, round)), () => _local.RecordEscalationAsync(incidentId, level, round, now));

    /// <inheritdoc />
    public ValueTask<Incident?> SetPhaseAsync(string incidentId, IncidentPhase phase) => _failOpen.Guarded(() => AfterSharing(() => SharedSetPhaseAsync(incidentId, phase)), () => _local.SetPhaseAsync(incidentId, phase));

    /// <summary>
    /// Shares the incidents this instance opened alone while the server could not be reached, so they go on as shared
    /// incidents: each is added to the server as it stands here (occurrences, channels notified, acknowledgement,
    /// escalation level, phase) under its own id, so its pending steps still find it; when another instance opened the
    /// same rule and key on the server meanwhile, the occurrences and channels are added to that one instead. Every
    /// decision calls this first while incidents are kept here, so it runs by itself once the server answers again.
    /// </summary>
    /// <returns>How many incidents were shared.</returns>
    /// <exception cref="RedisConnectionException">The server cannot be reached (still).</exception>
    public Task<int> ShareLocalIncidentsAsync()
    {
        lock (_sharingLock)
        {
            return _sharing is { IsCompleted: false } running ? running : _sharing = ShareNowAsync();
        }
    }

    private async Task<int> ShareNowAsync()
    {
        var shared = 0;
        foreach (var incident in _local.GetOpen())
        {
            await ShareAsync(incident).ConfigureAwait(false);
            await _local.ResolveAsync(incident.Id, incident.LastOccurrenceAt).ConfigureAwait(false); // leaves the local store only
            shared++;
        }

        return shared;
    }

    private async ValueTask<T> AfterSharing<T>(Func<ValueTask<T>> shared)
    {
        if (_local.OpenCount > 0)
        {
            await ShareLocalIncidentsAsync().ConfigureAwait(false);
        }

        return await shared().ConfigureAwait(false);
    }

    private async ValueTask AfterSharing(Func<ValueTask> shared)
    {
        if (_local.OpenCount > 0)
        {
            await ShareLocalIncidentsAsync().ConfigureAwait(false);
        }

        await shared().ConfigureAwait(false);
    }

    private async Task ShareAsync(Incident incident)
    {
        var openKey = OpenKey(incident.RuleName, incident.Key);
        var acknowledged = incident.Status == IncidentStatus.Acknowledged;
        var channels = string.Concat(incident.NotifiedChannels.Select(c => c + "\n"));
        var acknowledgedAt = incident.AcknowledgedAt?.ToUnixTimeMilliseconds() ?? 0;
        RedisValue phase = incident.Phase is IncidentPhase known ? (int)known : string.Empty;
        RedisValue[] fields =
        [
            incident.Id, incident.RuleName, incident.Key, incident.EventType, incident.Source, (int)incident.Severity, incident.Message ?? string.Empty,
            AlertEventJson.Write(incident.OpeningEvent!), acknowledged ? "acknowledged" : "open", Millis(incident.OpenedAt), Millis(incident.LastOccurrenceAt),
            Millis(incident.LastNotifiedAt), incident.Occurrences, channels, incident.AcknowledgedBy ?? string.Empty, incident.AcknowledgementNote ?? string.Empty,
            acknowledgedAt, incident.EscalationLevel, incident.EscalationRound, phase,
        ];
        var current = await Database.ScriptEvaluateAsync(AdoptScript, [openKey, IncidentKey(incident.Id), OpenSetKey, SourceKey(incident.Source), TypeKey(incident.EventType)], fields).ConfigureAwait(false);
        if (!current.IsNull)
        {
            var id = current.ToString();
            RedisValue[] merged = [id, incident.Occurrences, Millis(incident.LastOccurrenceAt), channels, acknowledged ? incident.AcknowledgedBy ?? string.Empty : string.Empty, incident.AcknowledgementNote ?? string.Empty, acknowledgedAt];
            await Database.ScriptEvaluateAsync(MergeScript, [openKey, IncidentKey(id)], merged).ConfigureAwait(false);
        }
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static DateTimeOffset? OptionalTime(Dictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis) ? FromMillis(millis) : null;

    /// <summary>The incident a script or HGETALL returned (field, value, field, value...), or null when there was none.</summary>
    private static Incident? Snapshot(string id, RedisResult result) =>
        result.IsNull ? null : Snapshot(id, ((RedisResult[])result!).Chunk(2).Select(p => new HashEntry((string)p[0]!, (string)p[1]!)).ToArray());

    private static Incident? Snapshot(string id, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);
        AlertEventJson.TryRead(fields["event"], out var opening, out _);
        return new Incident
        {
            Id = id,
            RuleName = fields["rule"],
            Key = fields["key"],
            EventType = fields["type"],
            Source = fields["source"],
            Severity = (AlertSeverity)int.Parse(fields["severity"], CultureInfo.InvariantCulture),
            Message = fields["message"].Length == 0 ? null : fields["message"],
            Status = fields["status"] switch
            {
                "acknowledged" => IncidentStatus.Acknowledged,
                "resolved" => IncidentStatus.Resolved,
                _ => IncidentStatus.Open,
            },
            OpenedAt = OptionalTime(fields, "openedAt") ?? default,
            LastOccurrenceAt = OptionalTime(fields, "lastOccurrenceAt") ?? default,
            LastNotifiedAt = OptionalTime(fields, "lastNotifiedAt") ?? default,
            Occurrences = int.Parse(fields["occurrences"], CultureInfo.InvariantCulture),
            NotifiedChannels = fields["channels"].Split('\n', StringSplitOptions.RemoveEmptyEntries),
            AcknowledgedBy = fields.GetValueOrDefault("ackBy"),
            AcknowledgementNote = fields.GetValueOrDefault("ackNote") is { Length: > 0 } note ? note : null,
            AcknowledgedAt = OptionalTime(fields, "ackAt"),
            Phase = fields.TryGetValue("phase", out var phase) ? (IncidentPhase)int.Parse(phase, CultureInfo.InvariantCulture) : null,
            ResolvedAt = OptionalTime(fields, "resolvedAt"),
            EscalationLevel = fields.TryGetValue("escLevel", out var level) ? int.Parse(level, CultureInfo.InvariantCulture) : 0,
            EscalationRound = fields.TryGetValue("escRound", out var round) ? int.Parse(round, CultureInfo.InvariantCulture) : 0,
            OpeningEvent = opening,
        };
    }

    private RedisKey OpenKey(string ruleName, string key) => $"{_prefix}open:{ruleName}\u001f{key}";

    private RedisKey LatestKey(string ruleName, string key) => $"{_prefix}resolved:{ruleName}\u001f{key}";

    private RedisKey IncidentKey(string id) => _prefix + "incident:" + id;

    private RedisKey SourceKey(string source) => _prefix + "source:" + source;

    private RedisKey TypeKey(string eventType) => _prefix + "type:" + eventType.ToLowerInvariant();
}
