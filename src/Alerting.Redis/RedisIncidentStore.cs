using System.Globalization;
using Alerting.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Incidents shared by every instance of an app, on a Redis-protocol server. Each decision (open or count a firing
/// event, claim a re-notification, mark resolving, resolve, acknowledge, record a phase or the channels notified; for a
/// grouped incident, add or resolve an alert and take its due notification) is one Lua script that reads and writes the
/// incident together, so N replicas racing on one key open it once and exactly one of them is told to notify. Decisions
/// use the "now" the caller passes (its <see cref="TimeProvider"/>), never the server's clock; expiry only collects
/// resolved incidents.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>open:{rule}␟{key}</c> → the id of the rule's open incident with that key (a grouped
/// incident's key is its group key); <c>resolved:{rule}␟{key}</c> → the id of the last one resolved (kept as long as the
/// resolved incident); <c>incident:{id}</c> → a hash with the incident (its opening event as JSON, counts, times in Unix
/// milliseconds, the channels notified, one per line; for a grouped incident also <c>grouped</c>, <c>flushAt</c> while a
/// notification is due, <c>alertSeq</c> (the alerts that joined), <c>sources</c> and <c>types</c> (those of its alerts,
/// one per line), and two fields per alert: <c>alert␟{alert key}</c> → its order, first and last seen, occurrences,
/// resolve time and whether it is new, and <c>alertEvent␟{alert key}</c> → its latest event as JSON); <c>open</c> → the
/// set of open ids; <c>source:{source}</c> → the set of ids opened by a source, or holding an alert of it;
/// <c>type:{type}</c> (lower case) → the set of ids opened by an event of a type, or holding an alert of it, which
/// inhibitions ask; <c>alert:{rule}␟{alert key}</c> → the set of the rule's grouped incidents in which that alert fires.
/// A grouped incident stays in the source and type sets of an alert that resolved until it closes, so reads keep those
/// with a firing alert of that source or type. A decision about an incident found by key passes every key it touches to
/// the script, which checks that the incident it read is still the one it was given (so Garnet, which locks the keys a
/// script declares, is as atomic as Redis), and the store tries again when another replica changed it in between; so
/// does closing a grouped incident when an alert joined it since its sets were read.
/// <para>
/// When the server cannot be reached, the store fails open: it decides on an in-process store instead (a duplicate page
/// beats none), logs a warning when that starts and when the server answers again, and goes back to the server for the
/// next decision. Incidents decided locally during the outage are shared when it answers again
/// (<see cref="ShareLocalIncidentsAsync"/>).
/// </para>
/// </remarks>
public sealed class RedisIncidentStore : IIncidentStore
{
    private const int MaxRaceRetries = 8;

    /// <summary>The prefix of the hash field holding an alert's state (see <see cref="AlertFunctions"/>).</summary>
    private const string AlertField = "alert\u001f";

    /// <summary>The prefix of the hash field holding an alert's latest event as JSON.</summary>
    private const string AlertEventField = "alertEvent\u001f";

    /// <summary>
    /// Lua the firing scripts share. KEYS 1-5: the open key, the incident, the open set, the event's source and type
    /// sets; ARGV 1-11: the id, '1' when the caller read it under the open key ('0' to open it), now, the repeat
    /// interval, rule, key, type, source, severity, message, event JSON. <c>claim</c> opens the incident or says it is
    /// the one open ('retry' when another replica opened or closed it since the caller read the open key); <c>count</c>
    /// counts the event and takes back a waiting resolve (damped).
    /// </summary>
    private const string FiringFunctions = """
        local function claim()
          local current = redis.call('GET', KEYS[1])
          if ARGV[2] == '0' then
            if current then return 'retry' end
            redis.call('SET', KEYS[1], ARGV[1])
            redis.call('HSET', KEYS[2], 'rule', ARGV[5], 'key', ARGV[6], 'type', ARGV[7], 'source', ARGV[8], 'severity', ARGV[9],
              'message', ARGV[10], 'event', ARGV[11], 'status', 'open', 'openedAt', ARGV[3], 'lastOccurrenceAt', ARGV[3],
              'lastNotifiedAt', ARGV[3], 'occurrences', '1', 'channels', '')
            redis.call('SADD', KEYS[3], ARGV[1])
            redis.call('SADD', KEYS[4], ARGV[1])
            redis.call('SADD', KEYS[5], ARGV[1])
            return 'opened'
          end
          if current ~= ARGV[1] then return 'retry' end
          return 'counted'
        end
        local function count()
          local n = redis.call('HINCRBY', KEYS[2], 'occurrences', 1)
          redis.call('HSET', KEYS[2], 'lastOccurrenceAt', ARGV[3])
          local damped = redis.call('HEXISTS', KEYS[2], 'resolvingSince')
          if damped == 1 then redis.call('HDEL', KEYS[2], 'resolvingSince') end
          return n, damped
        end
        """;

    /// <summary>
    /// Lua the scripts of grouped incidents share. An alert is two fields of its incident's hash: <c>alert␟{key}</c> =
    /// "order firstSeenAt lastSeenAt occurrences resolvedAt isNew" (resolvedAt '-' while firing, isNew '1' or '0') and
    /// <c>alertEvent␟{key}</c> = its latest firing event as JSON. <c>eachAlert</c> visits the alerts of an HGETALL;
    /// <c>joinIndex</c> lists the incident in an index set and notes the name in a field of the hash (so closing it can
    /// take it out of every set); <c>scheduleFlush</c> makes the next notification due, as the in-process store does.
    /// </summary>
    private const string AlertFunctions = """
        local function readAlert(state)
          local f = {}
          for part in string.gmatch(state, '%S+') do f[#f + 1] = part end
          return {order = f[1], first = f[2], last = f[3], occurrences = tonumber(f[4]), resolvedAt = f[5], isNew = f[6]}
        end
        local function writeAlert(hash, key, a)
          redis.call('HSET', hash, 'alert\31' .. key, table.concat({a.order, a.first, a.last, tostring(a.occurrences), a.resolvedAt, a.isNew}, ' '))
        end
        local function dropAlert(hash, key)
          redis.call('HDEL', hash, 'alert\31' .. key, 'alertEvent\31' .. key)
        end
        local function eachAlert(fields, visit)
          for i = 1, #fields, 2 do
            if string.sub(fields[i], 1, 6) == 'alert\31' then visit(string.sub(fields[i], 7), readAlert(fields[i + 1])) end
          end
        end
        local function joinIndex(hash, field, name, set, id)
          local names = redis.call('HGET', hash, field) or ''
          if not string.find('\n' .. names, '\n' .. name .. '\n', 1, true) then redis.call('HSET', hash, field, names .. name .. '\n') end
          redis.call('SADD', set, id)
        end
        local function scheduleFlush(hash, changed, now, groupInterval, repeatInterval)
          if redis.call('HEXISTS', hash, 'flushAt') == 1 then return '' end
          local last = tonumber(redis.call('HGET', hash, 'lastNotifiedAt'))
          local at
          if changed == 1 then
            at = math.max(last + tonumber(groupInterval), tonumber(now))
          elseif redis.call('HGET', hash, 'status') == 'open' and tonumber(now) - last >= tonumber(repeatInterval) then
            at = tonumber(now)
          else
            return ''
          end
          at = tostring(at)
          redis.call('HSET', hash, 'flushAt', at)
          return at
        end
        """;

    private const string FiringScript = FiringFunctions + "\n" + """
        local claimed = claim()
        if claimed == 'retry' then return {'retry'} end
        if claimed == 'opened' then return {'opened', ARGV[1], 1, ARGV[3], 0, 0} end
        local n, damped = count()
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

    /// <summary>
    /// A firing alert of a grouped incident (KEYS and ARGV as <see cref="FiringFunctions"/>; ARGV[4] is the group's
    /// repeat interval). KEYS[6]: the set of the rule's groups the alert fires in; ARGV 12-15: group wait, group
    /// interval, the alert's key, its type in lower case.
    /// </summary>
    private const string GroupAlertScript = FiringFunctions + "\n" + AlertFunctions + "\n" + """
        local function fire(damped)
          local state = redis.call('HGET', KEYS[2], 'alert\31' .. ARGV[14])
          local changed, a = 0, nil
          if state then
            a = readAlert(state)
            if a.resolvedAt ~= '-' and damped == 0 then a.first, a.occurrences, a.isNew, changed = ARGV[3], 0, '1', 1 end
          else
            a = {order = tostring(redis.call('HINCRBY', KEYS[2], 'alertSeq', 1)), first = ARGV[3], occurrences = 0, isNew = '1'}
            changed = 1
          end
          a.last, a.resolvedAt, a.occurrences = ARGV[3], '-', a.occurrences + 1
          writeAlert(KEYS[2], ARGV[14], a)
          redis.call('HSET', KEYS[2], 'alertEvent\31' .. ARGV[14], ARGV[11], 'grouped', '1')
          joinIndex(KEYS[2], 'sources', ARGV[8], KEYS[4], ARGV[1])
          joinIndex(KEYS[2], 'types', ARGV[15], KEYS[5], ARGV[1])
          redis.call('SADD', KEYS[6], ARGV[1])
          return changed
        end
        local claimed = claim()
        if claimed == 'retry' then return {'retry'} end
        if claimed == 'opened' then
          local flushAt = tostring(tonumber(ARGV[3]) + tonumber(ARGV[12]))
          redis.call('HSET', KEYS[2], 'flushAt', flushAt)
          fire(0)
          return {'opened', ARGV[1], 1, ARGV[3], 1, flushAt, 0}
        end
        local n, damped = count()
        local changed = fire(damped)
        return {'counted', ARGV[1], n, redis.call('HGET', KEYS[2], 'openedAt'), changed, scheduleFlush(KEYS[2], changed, ARGV[3], ARGV[13], ARGV[4]), damped}
        """;

    /// <summary>
    /// Resolves alerts of a grouped incident. KEYS: the incident, then the set of the rule's groups each alert of
    /// ARGV[5..] fires in; ARGV: now, group interval, repeat interval, the id, the alerts' keys.
    /// </summary>
    private const string ResolveAlertsScript = AlertFunctions + "\n" + """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' or redis.call('HEXISTS', KEYS[1], 'grouped') == 0 then return nil end
        local changed = 0
        for i = 5, #ARGV do
          local state = redis.call('HGET', KEYS[1], 'alert\31' .. ARGV[i])
          local a = state and readAlert(state)
          if a and a.resolvedAt == '-' then
            changed = 1
            redis.call('SREM', KEYS[i - 3], ARGV[4])
            if a.isNew == '1' then
              dropAlert(KEYS[1], ARGV[i])
            else
              a.resolvedAt = ARGV[1]
              writeAlert(KEYS[1], ARGV[i], a)
            end
          end
        end
        local allResolved = 1
        eachAlert(redis.call('HGETALL', KEYS[1]), function(_, a) if a.resolvedAt == '-' then allResolved = 0 end end)
        local flushAt = ''
        if allResolved == 0 then flushAt = scheduleFlush(KEYS[1], changed, ARGV[1], ARGV[2], ARGV[3]) end
        return {changed, allResolved, redis.call('HGET', KEYS[1], 'occurrences'), redis.call('HGET', KEYS[1], 'openedAt'), flushAt}
        """;

    /// <summary>Takes a grouped incident's notification: returns the hash as it stands, then records the notification. KEYS: the incident; ARGV: now.</summary>
    private const string TakeScript = AlertFunctions + "\n" + """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' then return nil end
        local shown = redis.call('HGETALL', KEYS[1])
        eachAlert(shown, function(key, a)
          if a.resolvedAt ~= '-' then
            dropAlert(KEYS[1], key)
          elseif a.isNew == '1' then
            a.isNew = '0'
            writeAlert(KEYS[1], key, a)
          end
        end)
        redis.call('HSET', KEYS[1], 'lastNotifiedAt', ARGV[1])
        redis.call('HDEL', KEYS[1], 'flushAt')
        return shown
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

    /// <summary>
    /// Closes an incident. KEYS: the incident, its open key, the open set, its resolved key, then every index set that
    /// lists it (sources, types, the alerts' groups); ARGV: now, '1' to close it only while resolving, the retention,
    /// the id, and its <c>sources</c>, <c>types</c> and <c>alertSeq</c> as the caller read them: 'retry' when an alert
    /// joined since, as the caller may then have missed a set.
    /// </summary>
    private const string ResolveScript = AlertFunctions + "\n" + """
        local status = redis.call('HGET', KEYS[1], 'status')
        if not status or status == 'resolved' then return nil end
        if ARGV[2] == '1' and redis.call('HEXISTS', KEYS[1], 'resolvingSince') == 0 then return nil end
        local indexed = redis.call('HMGET', KEYS[1], 'sources', 'types', 'alertSeq')
        if (indexed[1] or '') ~= ARGV[5] or (indexed[2] or '') ~= ARGV[6] or (indexed[3] or '') ~= ARGV[7] then return {'retry'} end
        redis.call('HSET', KEYS[1], 'status', 'resolved', 'resolvedAt', ARGV[1])
        redis.call('HDEL', KEYS[1], 'resolvingSince', 'flushAt')
        eachAlert(redis.call('HGETALL', KEYS[1]), function(key, a)
          if a.isNew == '1' then
            dropAlert(KEYS[1], key)
          elseif a.resolvedAt == '-' then
            a.resolvedAt = ARGV[1]
            writeAlert(KEYS[1], key, a)
          end
        end)
        if redis.call('GET', KEYS[2]) == ARGV[4] then redis.call('DEL', KEYS[2]) end
        redis.call('SET', KEYS[4], ARGV[4], 'PX', ARGV[3])
        redis.call('SREM', KEYS[3], ARGV[4])
        for i = 5, #KEYS do redis.call('SREM', KEYS[i], ARGV[4]) end
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

    /// <summary>
    /// Adds the alerts of a grouped incident kept here to the open incident on the server, those it does not hold yet,
    /// after their order there. KEYS: the open key, the incident, then each alert's source, type and groups sets; ARGV:
    /// the id, then for each alert its key, its state without the order, its event JSON, source, type in lower case.
    /// </summary>
    private const string AdoptAlertsScript = AlertFunctions + "\n" + """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[2], 'grouped', '1')
        local k = 3
        for i = 2, #ARGV, 5 do
          if redis.call('HEXISTS', KEYS[2], 'alert\31' .. ARGV[i]) == 0 then
            local state = tostring(redis.call('HINCRBY', KEYS[2], 'alertSeq', 1)) .. ' ' .. ARGV[i + 1]
            redis.call('HSET', KEYS[2], 'alert\31' .. ARGV[i], state, 'alertEvent\31' .. ARGV[i], ARGV[i + 2])
            joinIndex(KEYS[2], 'sources', ARGV[i + 3], KEYS[k], ARGV[1])
            joinIndex(KEYS[2], 'types', ARGV[i + 4], KEYS[k + 1], ARGV[1])
            if readAlert(state).resolvedAt == '-' then redis.call('SADD', KEYS[k + 2], ARGV[1]) end
          end
          k = k + 3
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
        var result = await EvaluateFiringAsync(FiringScript, ruleName, key, alertEvent, now, repeatInterval, [], []).ConfigureAwait(false);
        return new FiringDecision(
            (string)result[1]!,
            (string?)result[0] == "opened",
            (int)result[4] == 1,
            (int)result[2],
            FromMillis((long)result[3]),
            (int)result[5] == 1);
    }

    private async ValueTask<GroupAlertDecision> SharedRecordGroupAlertAsync(string ruleName, string groupKey, AlertEvent alertEvent, DateTimeOffset now, GroupTiming timing)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        var alertKey = alertEvent.EffectiveDedupKey;
        var result = await EvaluateFiringAsync(
            GroupAlertScript,
            ruleName,
            groupKey,
            alertEvent,
            now,
            timing.RepeatInterval,
            [AlertGroupsKey(ruleName, alertKey)],
            [(long)timing.GroupWait.TotalMilliseconds, (long)timing.GroupInterval.TotalMilliseconds, alertKey, alertEvent.Type.ToLowerInvariant()]).ConfigureAwait(false);
        return new GroupAlertDecision(
            (string)result[1]!,
            (string?)result[0] == "opened",
            (int)result[4] == 1,
            false,
            (int)result[2],
            FromMillis((long)result[3]),
            OptionalTime((string?)result[5]),
            (int)result[6] == 1);
    }

    /// <summary>
    /// Runs a firing script (see <see cref="FiringFunctions"/>) for the rule's incident with <paramref name="key"/>: with
    /// the id of the open one, or a new id to open it; again when another replica opened or closed it between reading
    /// the open key and the script.
    /// </summary>
    private async ValueTask<RedisResult[]> EvaluateFiringAsync(
        string script, string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now, TimeSpan repeatInterval, RedisKey[] moreKeys, RedisValue[] moreArgs)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        var openKey = OpenKey(ruleName, key);
        var json = AlertEventJson.Write(alertEvent);
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var current = await Database.StringGetAsync(openKey).ConfigureAwait(false);
            var id = current.HasValue ? current.ToString() : Guid.NewGuid().ToString("N");
            var result = await Database.ScriptEvaluateAsync(
                script,
                [openKey, IncidentKey(id), OpenSetKey, SourceKey(alertEvent.Source), TypeKey(alertEvent.Type), .. moreKeys],
                [id, current.HasValue ? "1" : "0", Millis(now), (long)repeatInterval.TotalMilliseconds, ruleName, key, alertEvent.Type,
                 alertEvent.Source, (int)alertEvent.Severity, alertEvent.Message ?? string.Empty, json, .. moreArgs]).ConfigureAwait(false);
            if (!IsRetry(result))
            {
                return (RedisResult[])result!;
            }
        }

        throw new InvalidOperationException($"The incident of rule '{ruleName}' changed on every one of {MaxRaceRetries} tries.");
    }

    private async ValueTask<GroupAlertDecision?> SharedResolveGroupAlertsAsync(string incidentId, IReadOnlyCollection<string> alertKeys, DateTimeOffset now, GroupTiming timing)
    {
        ArgumentNullException.ThrowIfNull(alertKeys);
        var ruleName = await Database.HashGetAsync(IncidentKey(incidentId), "rule").ConfigureAwait(false);
        if (ruleName.IsNull)
        {
            return null;
        }

        var result = await Database.ScriptEvaluateAsync(
            ResolveAlertsScript,
            [IncidentKey(incidentId), .. alertKeys.Select(k => AlertGroupsKey(ruleName.ToString(), k))],
            [Millis(now), (long)timing.GroupInterval.TotalMilliseconds, (long)timing.RepeatInterval.TotalMilliseconds, incidentId, .. alertKeys.Select(k => (RedisValue)k)]).ConfigureAwait(false);
        if (result.IsNull)
        {
            return null;
        }

        var fields = (RedisResult[])result!;
        return new GroupAlertDecision(incidentId, false, (int)fields[0] == 1, (int)fields[1] == 1, (int)fields[2], FromMillis((long)fields[3]), OptionalTime((string?)fields[4]));
    }

    private async ValueTask<Incident?> SharedTakeGroupNotificationAsync(string incidentId, DateTimeOffset now) =>
        Snapshot(incidentId, await Database.ScriptEvaluateAsync(TakeScript, [IncidentKey(incidentId)], [Millis(now)]).ConfigureAwait(false));

    private async ValueTask<Incident?> SharedFindGroupOfAlertAsync(string ruleName, string alertKey)
    {
        var ids = await Database.SetMembersAsync(AlertGroupsKey(ruleName, alertKey)).ConfigureAwait(false);
        var groups = await SharedGetOpenAsync(ids, s => s.Grouped && s.Incident.RuleName == ruleName && s.Incident.Alerts.Any(a => a.Key == alertKey && a.Status == AlertStatus.Firing)).ConfigureAwait(false);
        return groups.Count > 0 ? groups[0] : null;
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
        return await SharedGetOpenAsync(ids, s => s.Grouped
            ? HasFiringAlert(s.Incident, e => e.Source == source && eventTypes.Contains(e.Type))
            : eventTypes.Contains(s.Incident.EventType)).ConfigureAwait(false);
    }

    private async ValueTask<IReadOnlyList<Incident>> SharedFindByTypeAsync(IReadOnlyCollection<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        RedisKey[] keys = [.. eventTypes.Select(TypeKey).Distinct()];
        var ids = keys.Length == 1
            ? await Database.SetMembersAsync(keys[0]).ConfigureAwait(false)
            : await Database.SetCombineAsync(SetOperation.Union, keys).ConfigureAwait(false);
        return await SharedGetOpenAsync(ids, s => !s.Grouped || HasFiringAlert(s.Incident, e => eventTypes.Contains(e.Type, StringComparer.OrdinalIgnoreCase))).ConfigureAwait(false);
    }

    /// <summary>
    /// The open incidents among <paramref name="ids"/> that <paramref name="matches"/>, oldest first: a grouped one is
    /// listed under the source and type of every alert it ever held, so whether one of its firing alerts matches is
    /// decided here.
    /// </summary>
    private async ValueTask<IReadOnlyList<Incident>> SharedGetOpenAsync(RedisValue[] ids, Func<StoredIncident, bool> matches)
    {
        var stored = await Task.WhenAll(ids.Select(id => SharedReadAsync(id.ToString()))).ConfigureAwait(false);
        return [.. stored.OfType<StoredIncident>().Where(s => s.Incident.Status != IncidentStatus.Resolved && matches(s)).Select(s => s.Incident).OrderBy(i => i.OpenedAt)];
    }

    private static bool HasFiringAlert(Incident incident, Func<AlertEvent, bool> matches) =>
        incident.Alerts.Any(a => a.Status == AlertStatus.Firing && matches(a.Event));

    private async ValueTask<bool> SharedMarkResolvingAsync(string incidentId, DateTimeOffset now) =>
        (int)await Database.ScriptEvaluateAsync(ResolvingScript, [IncidentKey(incidentId)], [Millis(now)]).ConfigureAwait(false) == 1;

    private async ValueTask<Incident?> SharedResolveAsync(string incidentId, DateTimeOffset now, bool onlyIfResolving = false)
    {
        var incidentKey = IncidentKey(incidentId);
        for (var attempt = 0; attempt < MaxRaceRetries; attempt++)
        {
            var fields = Fields(await Database.HashGetAllAsync(incidentKey).ConfigureAwait(false));
            if (fields.Count == 0)
            {
                return null;
            }

            var (rule, key) = (fields["rule"], fields["key"]);
            var result = await Database.ScriptEvaluateAsync(
                ResolveScript,
                [incidentKey, OpenKey(rule, key), OpenSetKey, LatestKey(rule, key), .. IndexKeys(fields)],
                [Millis(now), onlyIfResolving ? "1" : "0", (long)_retention.TotalMilliseconds, incidentId,
                 fields.GetValueOrDefault("sources", string.Empty), fields.GetValueOrDefault("types", string.Empty), fields.GetValueOrDefault("alertSeq", string.Empty)]).ConfigureAwait(false);
            if (!IsRetry(result))
            {
                return Snapshot(incidentId, result);
            }
        }

        throw new InvalidOperationException($"The alerts of incident '{incidentId}' changed on every one of {MaxRaceRetries} tries to resolve it.");
    }

    /// <summary>
    /// The index sets that list the incident whose hash is <paramref name="fields"/>: those of its opening event's source
    /// and type, of every source and type its alerts had (a grouped incident), and of its alerts' groups.
    /// </summary>
    private IEnumerable<RedisKey> IndexKeys(Dictionary<string, string> fields) =>
        Names(fields, "sources").Prepend(fields["source"]).Select(SourceKey)
            .Concat(Names(fields, "types").Prepend(fields["type"]).Select(TypeKey))
            .Concat(fields.Keys.Where(f => f.StartsWith(AlertField, StringComparison.Ordinal)).Select(f => AlertGroupsKey(fields["rule"], f[AlertField.Length..])))
            .Distinct();

    /// <summary>The names a field of the hash lists, one per line.</summary>
    private static string[] Names(Dictionary<string, string> fields, string field) =>
        fields.TryGetValue(field, out var names) ? names.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];

    private async ValueTask<Incident?> SharedAcknowledgeAsync(string incidentId, string acknowledgedBy, string? note, DateTimeOffset now) =>
        Snapshot(incidentId, await Database.ScriptEvaluateAsync(AcknowledgeScript, [IncidentKey(incidentId)], [acknowledgedBy, note ?? string.Empty, Millis(now)]).ConfigureAwait(false));

    private async ValueTask<Incident?> SharedGetAsync(string incidentId) =>
        await SharedReadAsync(incidentId).ConfigureAwait(false) is { Incident.Status: not IncidentStatus.Resolved } stored ? stored.Incident : null;

    private async Task<StoredIncident?> SharedReadAsync(string incidentId) =>
        Read(incidentId, await Database.HashGetAllAsync(IncidentKey(incidentId)).ConfigureAwait(false));

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

    /// <inheritdoc />
    public ValueTask<GroupAlertDecision> RecordGroupAlertAsync(string ruleName, string groupKey, AlertEvent alertEvent, DateTimeOffset now, GroupTiming timing) => _failOpen.Guarded(() => AfterSharing(() => SharedRecordGroupAlertAsync(ruleName, groupKey, alertEvent, now, timing)), () => _local.RecordGroupAlertAsync(ruleName, groupKey, alertEvent, now, timing));

    /// <inheritdoc />
    public ValueTask<GroupAlertDecision?> ResolveGroupAlertsAsync(string incidentId, IReadOnlyCollection<string> alertKeys, DateTimeOffset now, GroupTiming timing) => _failOpen.Guarded(() => AfterSharing(() => SharedResolveGroupAlertsAsync(incidentId, alertKeys, now, timing)), () => _local.ResolveGroupAlertsAsync(incidentId, alertKeys, now, timing));

    /// <inheritdoc />
    public ValueTask<Incident?> TakeGroupNotificationAsync(string incidentId, DateTimeOffset now) => _failOpen.Guarded(() => AfterSharing(() => SharedTakeGroupNotificationAsync(incidentId, now)), () => _local.TakeGroupNotificationAsync(incidentId, now));

    /// <inheritdoc />
    public ValueTask<Incident?> FindGroupOfAlertAsync(string ruleName, string alertKey) => _failOpen.Guarded(() => AfterSharing(() => SharedFindGroupOfAlertAsync(ruleName, alertKey)), () => _local.FindGroupOfAlertAsync(ruleName, alertKey));

    /// <summary>
    /// Shares the incidents this instance opened alone while the server could not be reached, so they go on as shared
    /// incidents: each is added to the server as it stands here (occurrences, channels notified, acknowledgement,
    /// escalation level, phase, a group's alerts) under its own id, so its pending steps still find it; when another
    /// instance opened the same rule and key on the server meanwhile, the occurrences and channels are added to that one
    /// instead, and so are the alerts of a group that it does not hold yet (those it holds stay as they are there). Every
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
        var id = current.IsNull ? incident.Id : current.ToString();
        if (!current.IsNull)
        {
            RedisValue[] merged = [id, incident.Occurrences, Millis(incident.LastOccurrenceAt), channels, acknowledged ? incident.AcknowledgedBy ?? string.Empty : string.Empty, incident.AcknowledgementNote ?? string.Empty, acknowledgedAt];
            await Database.ScriptEvaluateAsync(MergeScript, [openKey, IncidentKey(id)], merged).ConfigureAwait(false);
        }

        if (incident.Alerts.Count > 0)
        {
            RedisKey[] keys = [openKey, IncidentKey(id), .. incident.Alerts.SelectMany(a => new[] { SourceKey(a.Event.Source), TypeKey(a.Event.Type), AlertGroupsKey(incident.RuleName, a.Key) })];
            RedisValue[] values = [id, .. incident.Alerts.SelectMany(a => new RedisValue[] { a.Key, AlertState(a), AlertEventJson.Write(a.Event), a.Event.Source, a.Event.Type.ToLowerInvariant() })];
            await Database.ScriptEvaluateAsync(AdoptAlertsScript, keys, values).ConfigureAwait(false);
        }
    }

    /// <summary>An alert's state as <see cref="AlertFunctions"/> keeps it, without its order (which the server gives).</summary>
    private static string AlertState(IncidentAlert alert) =>
        string.Join(' ', Millis(alert.FirstSeenAt), Millis(alert.LastSeenAt), alert.Occurrences, alert.ResolvedAt is { } resolved ? Millis(resolved) : "-", alert.IsNew ? 1 : 0);

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMillis(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static DateTimeOffset? OptionalTime(Dictionary<string, string> fields, string name) => OptionalTime(fields.GetValueOrDefault(name));

    private static DateTimeOffset? OptionalTime(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis) ? FromMillis(millis) : null;

    /// <summary>Whether a script found that another replica changed what the caller read, and asks it to read again.</summary>
    private static bool IsRetry(RedisResult result) => !result.IsNull && (RedisResult[])result! is [var only] && (string?)only == "retry";

    private static Dictionary<string, string> Fields(HashEntry[] entries) =>
        entries.ToDictionary(e => e.Name.ToString(), e => e.Value.ToString(), StringComparer.Ordinal);

    /// <summary>The incident a script or HGETALL returned (field, value, field, value...), or null when there was none.</summary>
    private static Incident? Snapshot(string id, RedisResult result) =>
        result.IsNull ? null : Snapshot(id, ((RedisResult[])result!).Chunk(2).Select(p => new HashEntry((string)p[0]!, (string)p[1]!)).ToArray());

    private static Incident? Snapshot(string id, HashEntry[] entries) => Read(id, entries)?.Incident;

    private static StoredIncident? Read(string id, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = Fields(entries);
        AlertEventJson.TryRead(fields["event"], out var opening, out _);
        var incident = new Incident
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
            Alerts = Alerts(fields),
        };
        return new StoredIncident(incident, fields.ContainsKey("grouped"));
    }

    /// <summary>The alerts of a grouped incident's hash (see <see cref="AlertFunctions"/>), in the order they joined.</summary>
    private static IncidentAlert[] Alerts(Dictionary<string, string> fields) =>
        [.. fields
            .Where(f => f.Key.StartsWith(AlertField, StringComparison.Ordinal))
            .Select(f => ReadAlert(f.Key[AlertField.Length..], f.Value.Split(' '), fields))
            .OfType<(long Order, IncidentAlert Alert)>()
            .OrderBy(a => a.Order)
            .Select(a => a.Alert)];

    /// <summary>An alert with its <paramref name="state"/> and its order among the group's; null when its event cannot be read.</summary>
    private static (long Order, IncidentAlert Alert)? ReadAlert(string key, string[] state, Dictionary<string, string> fields)
    {
        if (!AlertEventJson.TryRead(fields.GetValueOrDefault(AlertEventField + key, string.Empty), out var alertEvent, out _) || alertEvent is null)
        {
            return null;
        }

        var resolvedAt = OptionalTime(state[4]);
        return (long.Parse(state[0], CultureInfo.InvariantCulture), new IncidentAlert
        {
            Key = key,
            Event = alertEvent,
            Status = resolvedAt is null ? AlertStatus.Firing : AlertStatus.Resolved,
            FirstSeenAt = FromMillis(long.Parse(state[1], CultureInfo.InvariantCulture)),
            LastSeenAt = FromMillis(long.Parse(state[2], CultureInfo.InvariantCulture)),
            Occurrences = int.Parse(state[3], CultureInfo.InvariantCulture),
            ResolvedAt = resolvedAt,
            IsNew = state[5] == "1",
        });
    }

    private RedisKey OpenKey(string ruleName, string key) => $"{_prefix}open:{ruleName}\u001f{key}";

    private RedisKey LatestKey(string ruleName, string key) => $"{_prefix}resolved:{ruleName}\u001f{key}";

    private RedisKey IncidentKey(string id) => _prefix + "incident:" + id;

    private RedisKey SourceKey(string source) => _prefix + "source:" + source;

    private RedisKey TypeKey(string eventType) => _prefix + "type:" + eventType.ToLowerInvariant();

    /// <summary>The set of the rule's open groups in which an alert with <paramref name="alertKey"/> fires.</summary>
    private RedisKey AlertGroupsKey(string ruleName, string alertKey) => $"{_prefix}alert:{ruleName}\u001f{alertKey}";

    /// <summary>An incident as read from its hash, and whether it is a grouped one (which has no alert for a moment after its last resolved).</summary>
    private sealed record StoredIncident(Incident Incident, bool Grouped);
}
