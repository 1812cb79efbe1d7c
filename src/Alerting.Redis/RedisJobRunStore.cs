using System.Globalization;
using Alerting.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Job runs shared by every instance of an app: a scheduled start is met by a run started on any replica, so
/// <c>job.start_missed</c> is raised by none when one replica ran the job, and by exactly one when none did; a run's
/// deadlines are judged against the heartbeats its own replica reports, each raised once for the cluster, and by another
/// replica when the one running it has died; a run that ended on its replica has ended everywhere. Each decision is one
/// Lua script that declares every key it touches, on the times the callers pass, never the server's clock; expiry only
/// collects garbage.
/// </summary>
/// <remarks>
/// Keys, under the prefix (job names in lower case): <c>job:{job}</c> → a hash with <c>missed</c> (the missed start no
/// run has answered yet, Unix milliseconds) and <c>failed</c> (<c>1</c> while the job's last run failed), expiring 90 days
/// after its last change; <c>job-starts:{job}</c> → a sorted set scored by time of the scheduled starts runs answered
/// (<c>a:{ms}</c>), the runs that answered none (<c>r:{run id}</c>) and the missed starts raised (<c>m:{ms}</c>), trimmed to
/// an hour plus twice the grace period; <c>job-run:{job}␟{run id}</c> → a hash of a running run with deadlines (replica,
/// attempt, start, scheduled start, last heartbeat, heartbeat timeout, maximum and expected run time, and <c>t</c>,
/// <c>l</c>, <c>h</c> once its <c>job.timed_out</c>, <c>job.finish_late</c>, <c>job.heartbeat_missed</c> was raised),
/// deleted when it ends and expiring a day after its last deadline if it never does; <c>job-runs:due</c> → a sorted set
/// of <c>{job}␟{run id}</c> by the run's next deadline not raised yet, which every replica reads every
/// <see cref="RedisOptions.TakeoverPollInterval"/> for runs overdue by that interval.
/// <para>
/// When the server cannot be reached, the store fails open onto an in-process store that knows this replica's runs
/// (every start, heartbeat and end is also recorded there): a scheduled start is judged against this replica's runs
/// alone (so each replica that did not run it may raise <c>job.start_missed</c>), this replica's run deadlines are
/// raised here unless they were raised before the outage, and no replica takes over another's runs. A run started
/// during the outage stays this replica's to judge after the server is back.
/// </para>
/// </remarks>
public sealed class RedisJobRunStore : IJobRunStore
{
    /// <summary>How long a run that never ended is kept after its last deadline (by the server's clock: garbage only).</summary>
    private static readonly TimeSpan s_unfinishedRunRetention = TimeSpan.FromDays(1);

    /// <summary>How long past twice the grace period the starts of a job are kept to judge its scheduled starts by.</summary>
    private static readonly TimeSpan s_startsRetention = TimeSpan.FromHours(1);

    /// <summary>How long a job's missed start and last outcome are kept after their last change.</summary>
    private static readonly TimeSpan s_jobRetention = TimeSpan.FromDays(90);

    /// <summary>Recomputes a run's next deadline not raised yet in the index, and its expiry; shared by the scripts that change a run.</summary>
    private const string Reindex = """
        local function str(n) return string.format('%.0f', n) end
        local function reindex(run, index, member, now, retention)
          local f = redis.call('HMGET', run, 'started', 'beat', 'hb', 'max', 'exp', 't', 'l', 'h')
          local started, beat = tonumber(f[1]), tonumber(f[2])
          local nextDue, last = nil, beat
          local deadlines = {{started, f[4], f[6]}, {started, f[5], f[7]}, {beat, f[3], f[8]}}
          for _, d in ipairs(deadlines) do
            if d[2] then
              local at = d[1] + tonumber(d[2])
              if at > last then last = at end
              if not d[3] and (nextDue == nil or at < nextDue) then nextDue = at end
            end
          end
          if nextDue then redis.call('ZADD', index, str(nextDue), member) else redis.call('ZREM', index, member) end
          local ttl = last - now + retention
          if ttl < retention then ttl = retention end
          redis.call('PEXPIRE', run, str(ttl))
        end

        """;

    private const string StartScript = Reindex + """
        local now = tonumber(ARGV[2])
        local missed = redis.call('HGET', KEYS[4], 'missed')
        if missed then redis.call('HDEL', KEYS[4], 'missed') end
        if ARGV[5] ~= '' then
          redis.call('ZADD', KEYS[3], ARGV[5], 'a:' .. ARGV[5])
        else
          redis.call('ZADD', KEYS[3], ARGV[2], 'r:' .. ARGV[9])
        end
        if missed then redis.call('ZADD', KEYS[3], missed, 'a:' .. missed) end
        redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. str(now - tonumber(ARGV[10])))
        redis.call('PEXPIRE', KEYS[3], ARGV[10])
        redis.call('DEL', KEYS[1])
        if ARGV[6] ~= '' or ARGV[7] ~= '' or ARGV[8] ~= '' then
          redis.call('HSET', KEYS[1], 'replica', ARGV[3], 'attempt', ARGV[4], 'started', ARGV[2], 'beat', ARGV[2])
          local scheduled = ARGV[5]
          if scheduled == '' and missed then scheduled = missed end
          if scheduled ~= '' then redis.call('HSET', KEYS[1], 'scheduled', scheduled) end
          if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'hb', ARGV[6]) end
          if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'max', ARGV[7]) end
          if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'exp', ARGV[8]) end
          reindex(KEYS[1], KEYS[2], ARGV[1], now, tonumber(ARGV[11]))
        else
          redis.call('ZREM', KEYS[2], ARGV[1])
        end
        if redis.call('EXISTS', KEYS[4]) == 1 then redis.call('PEXPIRE', KEYS[4], ARGV[12]) end
        return missed or ''
        """;

    private const string HeartbeatScript = Reindex + """
        if redis.call('EXISTS', KEYS[1]) == 0 then return '0' end
        local now = tonumber(ARGV[2])
        if now > tonumber(redis.call('HGET', KEYS[1], 'beat')) then redis.call('HSET', KEYS[1], 'beat', ARGV[2]) end
        local resumed = redis.call('HDEL', KEYS[1], 'h')
        reindex(KEYS[1], KEYS[2], ARGV[1], now, tonumber(ARGV[3]))
        return tostring(resumed)
        """;

    private const string FinishScript = """
        local raised = {'0', '0', '0'}
        if redis.call('EXISTS', KEYS[1]) == 1 then
          local f = redis.call('HMGET', KEYS[1], 't', 'l', 'h')
          for i = 1, 3 do if f[i] then raised[i] = '1' end end
          redis.call('DEL', KEYS[1])
        end
        redis.call('ZREM', KEYS[2], ARGV[1])
        local previous = '0'
        if redis.call('HGET', KEYS[3], 'failed') == '1' then previous = '1' end
        if ARGV[2] == '1' then redis.call('HSET', KEYS[3], 'failed', '1') else redis.call('HDEL', KEYS[3], 'failed') end
        if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
        return {raised[1], raised[2], raised[3], previous}
        """;

    private const string CheckStartScript = """
        local s = tonumber(ARGV[1])
        if ARGV[2] ~= '' then
          redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. string.format('%.0f', tonumber(ARGV[3]) - tonumber(ARGV[4])))
          if redis.call('ZSCORE', KEYS[1], 'a:' .. ARGV[1]) then return 0 end
          local g = tonumber(ARGV[2])
          local around = redis.call('ZRANGEBYSCORE', KEYS[1], string.format('%.0f', s - g), '(' .. string.format('%.0f', s + g))
          for _, m in ipairs(around) do
            if string.sub(m, 1, 2) == 'r:' then return 0 end
          end
        end
        if redis.call('ZSCORE', KEYS[1], 'm:' .. ARGV[1]) then return 2 end
        redis.call('ZADD', KEYS[1], ARGV[1], 'm:' .. ARGV[1])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('HSET', KEYS[2], 'missed', ARGV[1])
        redis.call('PEXPIRE', KEYS[2], ARGV[5])
        return 1
        """;

    private const string ClaimScript = Reindex + """
        if redis.call('EXISTS', KEYS[1]) == 0 then
          redis.call('ZREM', KEYS[2], ARGV[1])
          return {''}
        end
        local f = redis.call('HMGET', KEYS[1], 'started', 'beat', 'hb', 'max', 'exp', 't', 'l', 'h', 'replica', 'attempt', 'scheduled')
        local started, beat, dueBy = tonumber(f[1]), tonumber(f[2]), tonumber(ARGV[3])
        local claimed = ''
        local deadlines = {{'t', started, f[4], f[6]}, {'l', started, f[5], f[7]}, {'h', beat, f[3], f[8]}}
        for _, d in ipairs(deadlines) do
          if string.find(ARGV[2], d[1], 1, true) and d[3] and not d[4] and d[2] + tonumber(d[3]) <= dueBy then
            redis.call('HSET', KEYS[1], d[1], '1')
            claimed = claimed .. d[1]
          end
        end
        if claimed ~= '' then reindex(KEYS[1], KEYS[2], ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5])) end
        return {claimed, f[9] or '', f[10] or '1', f[1], f[11] or '', f[2], f[3] or '', f[4] or '', f[5] or ''}
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly RedisKey _due;
    private readonly FailOpen _failOpen;
    private readonly InMemoryJobRunStore _local = new();
    private readonly object _gate = new();

    /// <summary>The runs (by member) started while the server could not be reached: judged here, on the local store, until they end.</summary>
    private readonly HashSet<string> _localRuns = new(StringComparer.Ordinal);

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix, and the poll interval (<see cref="RedisOptions.TakeoverPollInterval"/>) at which each replica takes over overdue runs of others.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisJobRunStore(IConnectionMultiplexer connection, RedisOptions options, ILogger<RedisJobRunStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _due = options.KeyPrefix + "job-runs:due";
        PollInterval = options.TakeoverPollInterval;
        _failOpen = new FailOpen((ILogger?)logger ?? NullLogger.Instance, "job-runs", status);
    }

    /// <inheritdoc />
    /// <value><see cref="RedisOptions.TakeoverPollInterval"/>.</value>
    public TimeSpan? PollInterval { get; }

    /// <summary>Gets whether the last call was decided locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    private IDatabase Database => _connection.GetDatabase();

    /// <inheritdoc />
    public async ValueTask<JobRunStarted> StartAsync(JobRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Job);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.RunId);
        var local = await _local.StartAsync(run).ConfigureAwait(false); // what this replica knows if the server goes away
        var member = Member(run.Job, run.RunId);
        var shared = await _failOpen.Guarded(() => SharedStartAsync(run, member), () => LocalOnly(member, local)).ConfigureAwait(false);
        return new JobRunStarted(shared.ResolvedMissedStart ?? local.ResolvedMissedStart);
    }

    /// <inheritdoc />
    public async ValueTask<bool> HeartbeatAsync(string job, string runId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var local = await _local.HeartbeatAsync(job, runId, now).ConfigureAwait(false);
        var member = Member(job, runId);
        if (IsLocal(member))
        {
            return local;
        }

        var shared = await _failOpen.Guarded(() => SharedHeartbeatAsync(member, now), () => new ValueTask<bool>(local)).ConfigureAwait(false);
        return shared || local;
    }

    /// <inheritdoc />
    public async ValueTask<JobRunFinished> FinishAsync(string job, string runId, bool failed, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var local = await _local.FinishAsync(job, runId, failed, now).ConfigureAwait(false);
        var member = Member(job, runId);
        lock (_gate)
        {
            if (_localRuns.Remove(member))
            {
                return local;
            }
        }

        var shared = await _failOpen.Guarded(() => SharedFinishAsync(job, member, failed), () => new ValueTask<JobRunFinished>(local)).ConfigureAwait(false);
        return shared with { Raised = shared.Raised | local.Raised };
    }

    /// <inheritdoc />
    public ValueTask<JobStartCheck> CheckStartAsync(string job, DateTimeOffset scheduledAt, TimeSpan? gracePeriod, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        return _failOpen.Guarded(
            () => SharedCheckStartAsync(job, scheduledAt, gracePeriod, now),
            () => _local.CheckStartAsync(job, scheduledAt, gracePeriod, now));
    }

    /// <inheritdoc />
    public async ValueTask<bool> ClaimDeadlineAsync(string job, string runId, JobRunDeadlines deadline, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var which = deadline switch
        {
            JobRunDeadlines.TimedOut => "t",
            JobRunDeadlines.FinishLate => "l",
            JobRunDeadlines.HeartbeatMissed => "h",
            _ => throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "One deadline is claimed at a time."),
        };

        // Marked locally whoever raises it, so that an outage later does not raise it again here.
        var local = await _local.ClaimDeadlineAsync(job, runId, deadline, now).ConfigureAwait(false);
        var member = Member(job, runId);
        if (IsLocal(member))
        {
            return local;
        }

        return await _failOpen.Guarded(() => SharedClaimAsync(member, which, now), () => new ValueTask<bool>(local)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>Reads the index of runs by their next deadline, then claims each run due in one script of its own; while the server cannot be reached, claims nothing.</remarks>
    public ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> ClaimOverdueAsync(DateTimeOffset dueBy, DateTimeOffset now, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        return _failOpen.Guarded(
            () => SharedClaimOverdueAsync(dueBy, now, max),
            () => new ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>>([]));
    }

    private async ValueTask<JobRunStarted> SharedStartAsync(JobRunRecord run, string member)
    {
        var job = Job(run.Job);
        RedisKey[] keys = [RunKey(member), _due, $"{_prefix}job-starts:{job}", $"{_prefix}job:{job}"];
        RedisValue[] args =
        [
            member,
            Millis(run.StartedAt),
            run.Replica ?? string.Empty,
            run.Attempt,
            Millis(run.ScheduledAt),
            Millis(run.HeartbeatTimeout),
            Millis(run.MaxRunTime),
            Millis(run.ExpectedRunTime),
            run.RunId,
            StartsKept(run.StartGracePeriod),
            (long)s_unfinishedRunRetention.TotalMilliseconds,
            (long)s_jobRetention.TotalMilliseconds,
        ];
        var missed = (string?)await Database.ScriptEvaluateAsync(StartScript, keys, args).ConfigureAwait(false);
        return new JobRunStarted(Time(missed));
    }

    private async ValueTask<bool> SharedHeartbeatAsync(string member, DateTimeOffset now)
    {
        RedisValue[] args = [member, Millis(now), (long)s_unfinishedRunRetention.TotalMilliseconds];
        var resumed = (string?)await Database.ScriptEvaluateAsync(HeartbeatScript, [RunKey(member), _due], args).ConfigureAwait(false);
        return resumed == "1";
    }

    private async ValueTask<JobRunFinished> SharedFinishAsync(string job, string member, bool failed)
    {
        RedisKey[] keys = [RunKey(member), _due, $"{_prefix}job:{Job(job)}"];
        RedisValue[] args = [member, failed ? "1" : "0", (long)s_jobRetention.TotalMilliseconds];
        var reply = (RedisResult[])(await Database.ScriptEvaluateAsync(FinishScript, keys, args).ConfigureAwait(false))!;
        var raised = JobRunDeadlines.None;
        raised |= (string?)reply[0] == "1" ? JobRunDeadlines.TimedOut : JobRunDeadlines.None;
        raised |= (string?)reply[1] == "1" ? JobRunDeadlines.FinishLate : JobRunDeadlines.None;
        raised |= (string?)reply[2] == "1" ? JobRunDeadlines.HeartbeatMissed : JobRunDeadlines.None;
        return new JobRunFinished(raised, (string?)reply[3] == "1");
    }

    private async ValueTask<JobStartCheck> SharedCheckStartAsync(string job, DateTimeOffset scheduledAt, TimeSpan? grace, DateTimeOffset now)
    {
        var name = Job(job);
        RedisKey[] keys = [$"{_prefix}job-starts:{name}", $"{_prefix}job:{name}"];
        RedisValue[] args = [Millis(scheduledAt), Millis(grace), Millis(now), StartsKept(grace ?? TimeSpan.Zero), (long)s_jobRetention.TotalMilliseconds];
        var check = (int)await Database.ScriptEvaluateAsync(CheckStartScript, keys, args).ConfigureAwait(false);
        return (JobStartCheck)check;
    }

    private async ValueTask<bool> SharedClaimAsync(string member, string which, DateTimeOffset now)
    {
        var reply = await ClaimAsync(member, which, now, now).ConfigureAwait(false);
        return !string.IsNullOrEmpty((string?)reply[0]);
    }

    private async ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> SharedClaimOverdueAsync(DateTimeOffset dueBy, DateTimeOffset now, int max)
    {
        var candidates = await Database.SortedSetRangeByScoreAsync(_due, double.NegativeInfinity, dueBy.ToUnixTimeMilliseconds(), take: max).ConfigureAwait(false);
        var claimed = new List<ClaimedJobRunDeadlines>();
        foreach (var candidate in candidates)
        {
            var member = (string)candidate!;
            var reply = await ClaimAsync(member, "tlh", dueBy, now).ConfigureAwait(false);
            var deadlines = Deadlines((string?)reply[0]);
            if (deadlines != JobRunDeadlines.None)
            {
                claimed.Add(new ClaimedJobRunDeadlines(Read(member, reply), deadlines));
            }
        }

        return claimed;
    }

    private async ValueTask<RedisResult[]> ClaimAsync(string member, string which, DateTimeOffset dueBy, DateTimeOffset now)
    {
        RedisValue[] args = [member, which, Millis(dueBy), Millis(now), (long)s_unfinishedRunRetention.TotalMilliseconds];
        return (RedisResult[])(await Database.ScriptEvaluateAsync(ClaimScript, [RunKey(member), _due], args).ConfigureAwait(false))!;
    }

    /// <summary>Marks a run started while the server could not be reached as this replica's to judge, and answers from the local store.</summary>
    private ValueTask<JobRunStarted> LocalOnly(string member, JobRunStarted local)
    {
        lock (_gate)
        {
            _localRuns.Add(member);
        }

        return new(local);
    }

    private bool IsLocal(string member)
    {
        lock (_gate)
        {
            return _localRuns.Contains(member);
        }
    }

    private RedisKey RunKey(string member) => $"{_prefix}job-run:{member}";

    private static string Job(string job) => job.ToLowerInvariant();

    private static string Member(string job, string runId) => string.Concat(Job(job), "\u241F", runId);

    /// <summary>How long the starts of a job are kept, in milliseconds: an hour plus twice its grace period.</summary>
    private static long StartsKept(TimeSpan grace) => (long)(s_startsRetention + grace + grace).TotalMilliseconds;

    private static RedisValue Millis(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static RedisValue Millis(DateTimeOffset? at) => at is { } value ? value.ToUnixTimeMilliseconds() : string.Empty;

    private static RedisValue Millis(TimeSpan? span) => span is { } value ? (long)value.TotalMilliseconds : string.Empty;

    private static DateTimeOffset? Time(string? millis) =>
        long.TryParse(millis, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? DateTimeOffset.FromUnixTimeMilliseconds(value) : null;

    private static TimeSpan? Span(string? millis) =>
        long.TryParse(millis, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? TimeSpan.FromMilliseconds(value) : null;

    private static JobRunDeadlines Deadlines(string? claimed)
    {
        var deadlines = JobRunDeadlines.None;
        foreach (var c in claimed ?? string.Empty)
        {
            deadlines |= c switch
            {
                't' => JobRunDeadlines.TimedOut,
                'l' => JobRunDeadlines.FinishLate,
                _ => JobRunDeadlines.HeartbeatMissed,
            };
        }

        return deadlines;
    }

    /// <summary>The run a claim returned: <c>{claimed, replica, attempt, started, scheduled, beat, hb, max, exp}</c>.</summary>
    private static JobRunRecord Read(string member, RedisResult[] reply)
    {
        var separator = member.IndexOf('\u241F', StringComparison.Ordinal);
        var replica = (string?)reply[1];
        return new JobRunRecord
        {
            Job = member[..separator],
            RunId = member[(separator + 1)..],
            Replica = string.IsNullOrEmpty(replica) ? null : replica,
            Attempt = int.Parse((string)reply[2]!, CultureInfo.InvariantCulture),
            StartedAt = Time((string?)reply[3])!.Value,
            ScheduledAt = Time((string?)reply[4]),
            LastHeartbeat = Time((string?)reply[5])!.Value,
            HeartbeatTimeout = Span((string?)reply[6]),
            MaxRunTime = Span((string?)reply[7]),
            ExpectedRunTime = Span((string?)reply[8]),
        };
    }
}
