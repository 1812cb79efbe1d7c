using System.Text.Json;
using Alerting.Incidents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// Run-time silences shared by every instance of an app, on a Redis-protocol server: one hash of silences (JSON per
/// silence, by name) beside a sorted set of their end times, each change one Lua script followed by a pub/sub message,
/// so the other instances re-read the silences at once; each instance also re-reads them every
/// <see cref="RedisOptions.SilenceRefreshInterval"/> (on its <see cref="TimeProvider"/>) and when its connection comes
/// back, in case it missed a message. Events never wait for the server: each instance matches them against the silences
/// it read last.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>silences</c> → a hash, the lower-case name → <c>{"name":…,"silence":{…SilenceOptions}}</c>;
/// <c>silences:ends</c> → a sorted set of the same names scored by their end (Unix milliseconds). Messages go to the
/// channel <c>{prefix}silences</c>. A read deletes the silences that ended more than <see cref="EndedRetention"/> before
/// the reader's clock (so a replica whose clock runs ahead does not end a silence early for the others) and leaves out
/// those that ended by it.
/// <para>
/// When the server cannot be reached, the store fails open: reads return the silences read last, with the changes made on
/// this instance since; those changes are written to the server (last writer wins) on the first read after it answers
/// again. The outage and its end are logged (2000, 2001).
/// </para>
/// </remarks>
public sealed class RedisSilenceStore : ISilenceStore, IDisposable
{
    /// <summary>How long after its end a silence is kept on the server before a read deletes it.</summary>
    public static readonly TimeSpan EndedRetention = TimeSpan.FromMinutes(5);

    private const string SetScript = """
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
        return 1
        """;

    private const string RemoveScript = """
        local removed = redis.call('HDEL', KEYS[1], ARGV[1])
        redis.call('ZREM', KEYS[2], ARGV[1])
        return removed
        """;

    private const string ReadScript = """
        local ended = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
        for i = 1, #ended do
          redis.call('HDEL', KEYS[1], ended[i])
          redis.call('ZREM', KEYS[2], ended[i])
        end
        return redis.call('HGETALL', KEYS[1])
        """;

    private readonly object _lock = new();
    private readonly IConnectionMultiplexer _connection;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly ILogger _logger;
    private readonly FailOpen _failOpen;
    private readonly RedisKey[] _keys;
    private readonly RedisChannel _channel;
    private readonly Action<RedisChannel, RedisValue> _onMessage;
    private Dictionary<string, Stored> _lastRead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private CancellationTokenSource _changes = new();
    private Task? _subscription;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>A store over <paramref name="connection"/>, with every key under <paramref name="options"/>' prefix.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix and how often to re-read the silences.</param>
    /// <param name="time">The clock of the periodic re-read; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Where an outage (and the end of one) is logged when no <paramref name="status"/> is given; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisSilenceStore(IConnectionMultiplexer connection, RedisOptions options, TimeProvider? time = null, ILogger<RedisSilenceStore>? logger = null, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.SilenceRefreshInterval, TimeSpan.Zero);
        _connection = connection;
        _time = time ?? TimeProvider.System;
        _refreshInterval = options.SilenceRefreshInterval;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _failOpen = new FailOpen(_logger, "silences", status);
        _keys = [options.KeyPrefix + "silences", options.KeyPrefix + "silences:ends"];
        _channel = RedisChannel.Literal(options.KeyPrefix + "silences");
        _onMessage = (_, _) => Changed();
    }

    /// <summary>Gets whether the last call was answered locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <inheritdoc />
    public ValueTask SetAsync(string name, SilenceOptions silence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(silence);
        var stored = new Stored(name, JsonSerializer.Serialize(new StoredSilence(name, silence), RedisJsonContext.Default.StoredSilence), silence.EndsAt);
        return _failOpen.Guarded(() => SharedSetAsync(stored), () => Remember(Field(name), stored));
    }

    /// <inheritdoc />
    public ValueTask<bool> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _failOpen.Guarded(() => SharedRemoveAsync(Field(name)), () => ValueTask.FromResult(Forget(Field(name))));
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyDictionary<string, SilenceOptions>> GetAllAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _failOpen.Guarded(() => SharedGetAllAsync(now), () => ValueTask.FromResult<IReadOnlyDictionary<string, SilenceOptions>>(LastKnown(now)));

    /// <inheritdoc />
    public IChangeToken GetChangeToken()
    {
        lock (_lock)
        {
            if (_timer is null && !_disposed)
            {
                _timer = _time.CreateTimer(static state => ((RedisSilenceStore)state!).Changed(), this, _refreshInterval, _refreshInterval);
                _connection.ConnectionRestored += OnConnectionRestored;
            }

            return new CancellationChangeToken(_changes.Token);
        }
    }

    /// <summary>Stops the periodic re-read and the subscription.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _connection.ConnectionRestored -= OnConnectionRestored;
        }

        try
        {
            _connection.GetSubscriber().Unsubscribe(_channel, _onMessage, CommandFlags.FireAndForget);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // the connection is gone already: so is the subscription
        }
    }

    private static string Field(string name) => name.ToLowerInvariant();

    private static RedisValue Score(DateTimeOffset? endsAt) => endsAt is { } end ? end.ToUnixTimeMilliseconds() : double.PositiveInfinity;

    private IDatabase Database => _connection.GetDatabase();

    private async ValueTask SharedSetAsync(Stored stored)
    {
        await WriteAsync(Field(stored.Name), stored).ConfigureAwait(false);
        lock (_lock)
        {
            _pending.Remove(Field(stored.Name));
            _lastRead = new(_lastRead, StringComparer.Ordinal) { [Field(stored.Name)] = stored };
        }
    }

    private async ValueTask<bool> SharedRemoveAsync(string field)
    {
        var removed = await WriteAsync(field, null).ConfigureAwait(false);
        lock (_lock)
        {
            _pending.Remove(field);
            _lastRead = new(_lastRead.Where(p => p.Key != field), StringComparer.Ordinal);
        }

        return removed;
    }

    /// <summary>Writes (or, for <see langword="null"/>, removes) one silence and tells the other instances; whether there was one to remove.</summary>
    private async Task<bool> WriteAsync(string field, Stored? stored)
    {
        RedisValue[] arguments = stored is null ? [field] : [field, stored.Json, Score(stored.EndsAt)];
        var result = await Database.ScriptEvaluateAsync(stored is null ? RemoveScript : SetScript, _keys, arguments).ConfigureAwait(false);
        await _connection.GetSubscriber().PublishAsync(_channel, field).ConfigureAwait(false);
        return (int)result == 1;
    }

    private async ValueTask<IReadOnlyDictionary<string, SilenceOptions>> SharedGetAllAsync(DateTimeOffset now)
    {
        await Subscribed().ConfigureAwait(false);
        await WritePendingAsync().ConfigureAwait(false);
        var purgeBefore = (now - EndedRetention).ToUnixTimeMilliseconds();
        var entries = (RedisResult[])(await Database.ScriptEvaluateAsync(ReadScript, _keys, [purgeBefore]).ConfigureAwait(false))!;
        var read = new Dictionary<string, Stored>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < entries.Length; i += 2)
        {
            var field = (string)entries[i]!;
            if (Parse((string)entries[i + 1]!) is { } stored)
            {
                read[field] = stored;
            }
            else
            {
                RedisLog.StoredSilenceUnreadable(_logger, field);
            }
        }

        lock (_lock)
        {
            _lastRead = read;
        }

        return InForce(read.Values, now);
    }

    /// <summary>Subscribes to the change messages before the first read, so no change made after that read goes unheard.</summary>
    private Task Subscribed()
    {
        lock (_lock)
        {
            if (_subscription is null || _subscription.IsFaulted || _subscription.IsCanceled)
            {
                _subscription = _connection.GetSubscriber().SubscribeAsync(_channel, _onMessage);
            }

            return _subscription;
        }
    }

    /// <summary>Writes the changes made on this instance while the server could not be reached.</summary>
    private async Task WritePendingAsync()
    {
        KeyValuePair<string, Pending>[] pending;
        lock (_lock)
        {
            if (_pending.Count == 0)
            {
                return;
            }

            pending = [.. _pending];
        }

        foreach (var (field, change) in pending)
        {
            await WriteAsync(field, change.Stored).ConfigureAwait(false);
            lock (_lock)
            {
                if (_pending.TryGetValue(field, out var current) && ReferenceEquals(current, change))
                {
                    _pending.Remove(field);
                }
            }
        }

        RedisLog.SilenceChangesWritten(_logger, pending.Length);
    }

    private ValueTask Remember(string field, Stored stored)
    {
        lock (_lock)
        {
            _pending[field] = new Pending(stored);
        }

        Changed();
        return ValueTask.CompletedTask;
    }

    private bool Forget(string field)
    {
        bool known;
        lock (_lock)
        {
            known = _pending.TryGetValue(field, out var change) ? change.Stored is not null : _lastRead.ContainsKey(field);
            _pending[field] = new Pending(null);
        }

        Changed();
        return known;
    }

    /// <summary>The silences read last with the changes made here since, while the server cannot be reached.</summary>
    private Dictionary<string, SilenceOptions> LastKnown(DateTimeOffset now)
    {
        lock (_lock)
        {
            var merged = new Dictionary<string, Stored>(_lastRead, StringComparer.Ordinal);
            foreach (var (field, change) in _pending)
            {
                if (change.Stored is { } stored)
                {
                    merged[field] = stored;
                }
                else
                {
                    merged.Remove(field);
                }
            }

            return InForce(merged.Values, now);
        }
    }

    private static Dictionary<string, SilenceOptions> InForce(IEnumerable<Stored> stored, DateTimeOffset now)
    {
        var silences = new Dictionary<string, SilenceOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var s in stored)
        {
            if (s.EndsAt is not { } end || end > now)
            {
                silences[s.Name] = JsonSerializer.Deserialize(s.Json, RedisJsonContext.Default.StoredSilence)!.Silence;
            }
        }

        return silences;
    }

    private static Stored? Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, RedisJsonContext.Default.StoredSilence) is { Name.Length: > 0, Silence: { } silence } read
                ? new Stored(read.Name, json, silence.EndsAt)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) => Changed();

    /// <summary>Fires the current change token and starts a new one.</summary>
    private void Changed()
    {
        CancellationTokenSource previous;
        lock (_lock)
        {
            // The previous source is left to the collector: a token taken from it may still be registered on.
            previous = _changes;
            _changes = new CancellationTokenSource();
        }

        previous.Cancel();
    }

    /// <summary>A silence as the server keeps it.</summary>
    private sealed record Stored(string Name, string Json, DateTimeOffset? EndsAt);

    /// <summary>A change made while the server could not be reached: the silence set, or <see langword="null"/> when removed.</summary>
    private sealed record Pending(Stored? Stored);
}
