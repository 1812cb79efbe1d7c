using System.Globalization;
using System.Threading.Channels;
using Alerting.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// The notification history of every instance of an app: the latest outcomes in one capped list, and counts per minute
/// by channel, severity and status in one hash per minute, so <see cref="INotificationHistory"/> on any replica shows
/// the whole cluster's. Recording never waits on the server: <see cref="Append"/> keeps the outcome in this replica's
/// in-memory history and queues it in a bounded buffer, which a background loop writes out in batches, one script (one
/// round trip) per batch. An outcome that finds the buffer full, or whose batch the server cannot take, stays in the
/// local history only and is counted in <see cref="NotSharedCount"/>; reads fail open to the local history.
/// </summary>
/// <remarks>
/// Keys, under the prefix: <c>history:recent</c> (a list of outcomes as <see cref="DeliveryOutcomeJson"/>, newest
/// first, trimmed to the capacity) and <c>history:counts:{minute}</c> (a hash per Unix minute: field
/// <c>{severity}␟{status}␟{channel}</c> → count, expiring 24 hours and 10 minutes after its last write). Outcomes reach
/// the server within <see cref="FlushInterval"/> (1 second) of being recorded; a read first writes out this replica's
/// buffer, so a replica always sees its own outcomes.
/// </remarks>
public sealed class RedisNotificationHistory : INotificationHistoryStore, IAsyncDisposable, IDisposable
{
    /// <summary>How long the background loop gathers outcomes before writing them out.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    internal const int DefaultBufferCapacity = 10_000;
    internal const int BatchSize = 256;
    private const long CountsExpiryMilliseconds = (24 * 60 + 10) * 60 * 1000L;
    private const char Separator = '\u001f';

    // KEYS[1]: the recent list; KEYS[2..]: the minute hashes. ARGV[1]: capacity, ARGV[2]: expiry (ms), ARGV[3]: n,
    // ARGV[4..3+n]: outcomes oldest first; then for each minute hash: its field count, then field, increment pairs.
    private const string AppendScript = """
        local n = tonumber(ARGV[3])
        for i = 1, n do
          redis.call('LPUSH', KEYS[1], ARGV[3 + i])
        end
        if n > 0 then
          redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[1]) - 1)
        end
        local a = 4 + n
        for k = 2, #KEYS do
          local fields = tonumber(ARGV[a])
          a = a + 1
          for f = 1, fields do
            redis.call('HINCRBY', KEYS[k], ARGV[a], ARGV[a + 1])
            a = a + 2
          end
          redis.call('PEXPIRE', KEYS[k], ARGV[2])
        end
        return n
        """;

    private readonly IConnectionMultiplexer _connection;
    private readonly string _prefix;
    private readonly RedisKey _recentKey;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FailOpen _failOpen;
    private readonly InMemoryNotificationHistoryStore _local;
    private readonly Channel<DeliveryOutcome> _buffer;
    private readonly int _bufferCapacity;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _notShared;
    private long _overflowed;
    private int _disposed;

    /// <summary>A history over <paramref name="connection"/>, with its keys under <paramref name="options"/>' prefix; its background writer starts at once.</summary>
    /// <param name="connection">The connection, shared with the rest of the app if it has one.</param>
    /// <param name="options">The key prefix.</param>
    /// <param name="capacity">How many outcomes the shared list, and this replica's local history, keep; <c>AlertingOptions.HistoryCapacity</c> when wired by <c>UseRedis</c>.</param>
    /// <param name="timeProvider">The clock of the background writer's interval; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Where outcomes left unshared (and an outage, when no <paramref name="status"/> is given) are logged; none when <see langword="null"/>.</param>
    /// <param name="status">The app's sharing status, which every store of the app reports to; one of this store's own when <see langword="null"/>.</param>
    public RedisNotificationHistory(IConnectionMultiplexer connection, RedisOptions options, int capacity = 1_000, TimeProvider? timeProvider = null, ILogger<RedisNotificationHistory>? logger = null, RedisSharingStatus? status = null)
        : this(connection, options, capacity, timeProvider, logger, DefaultBufferCapacity, status)
    {
    }

    internal RedisNotificationHistory(IConnectionMultiplexer connection, RedisOptions options, int capacity, TimeProvider? timeProvider, ILogger? logger, int bufferCapacity, RedisSharingStatus? status = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _connection = connection;
        _prefix = options.KeyPrefix;
        _recentKey = _prefix + "history:recent";
        _capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _failOpen = new FailOpen(_logger, "history", status);
        _local = new InMemoryNotificationHistoryStore(capacity);
        _bufferCapacity = bufferCapacity;
        _buffer = Channel.CreateBounded<DeliveryOutcome>(new BoundedChannelOptions(bufferCapacity) { FullMode = BoundedChannelFullMode.Wait });
        _loop = Task.Run(() => WriteLoopAsync(_stop.Token));
    }

    /// <summary>Gets whether the last write or read was served locally because the server could not be reached.</summary>
    public bool IsFailingOpen => _failOpen.IsFailingOpen;

    /// <summary>Gets how many outcomes were kept in this replica's history only: the buffer was full, or the server could not take their batch.</summary>
    public long NotSharedCount => Interlocked.Read(ref _notShared);

    private IDatabase Database => _connection.GetDatabase();

    /// <inheritdoc />
    /// <remarks>Keeps the outcome in this replica's history and queues it for the server; never waits and never throws.</remarks>
    public void Append(DeliveryOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _local.Append(outcome);
        if (!_buffer.Writer.TryWrite(outcome))
        {
            Interlocked.Increment(ref _notShared);
            if (Volatile.Read(ref _disposed) == 0)
            {
                Interlocked.Increment(ref _overflowed);
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>Newest first by <see cref="DeliveryOutcome.Timestamp"/>; this replica's own when the server cannot be reached.</remarks>
    public async ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxCount);
        if (maxCount == 0)
        {
            return [];
        }

        await FlushBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        return await _failOpen.Guarded(() => SharedRecentAsync(maxCount), () => _local.GetRecentAsync(maxCount, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>This replica's own counts when the server cannot be reached.</remarks>
    public async ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        await FlushBeforeReadAsync(cancellationToken).ConfigureAwait(false);
        return await _failOpen.Guarded(() => SharedCountsAsync(since, until), () => _local.GetCountsAsync(since, until, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes every buffered outcome to the server now, in batches of one round trip each; an outcome the server cannot
    /// take is counted in <see cref="NotSharedCount"/>. The background loop calls this each <see cref="FlushInterval"/>;
    /// call it to make this replica's outcomes visible to the others at once (before a shutdown, or in a test).
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for a flush already under way.</param>
    /// <returns>A task that completes when the buffer has been written out (or counted as not shared).</returns>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var batch = new List<DeliveryOutcome>(BatchSize);
            while (Take(batch))
            {
                var failure = await WriteAsync(batch).ConfigureAwait(false);
                if (failure is not null)
                {
                    // The server did not take this batch: leave the rest of the buffer local too, rather than wait
                    // out a timeout per batch; the next flush tries again.
                    var kept = batch.Count;
                    while (Take(batch))
                    {
                        kept += batch.Count;
                    }

                    Interlocked.Add(ref _notShared, kept);
                    if (!_failOpen.IsFailingOpen)
                    {
                        RedisLog.HistoryNotShared(_logger, kept, failure);
                    }
                }
            }
        }
        finally
        {
            _flushing.Release();
        }

        if (Interlocked.Exchange(ref _overflowed, 0) is > 0 and var overflowed)
        {
            RedisLog.HistoryNotShared(_logger, overflowed, $"the buffer of {_bufferCapacity} outcomes was full");
        }
    }

    /// <summary>Stops the background loop and writes out what is buffered (once; what the server cannot take stays local).</summary>
    /// <returns>A task that completes when the history has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _buffer.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Stops the background loop and writes out what is buffered, waiting for it.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await _buffer.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await Task.Delay(FlushInterval, _time, cancellationToken).ConfigureAwait(false);
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: DisposeAsync writes out what is left.
        }
    }

    /// <summary>A read first writes out this replica's buffer, so that it sees its own outcomes; not while the server is away, which would only add a timeout.</summary>
    private Task FlushBeforeReadAsync(CancellationToken cancellationToken) =>
        _failOpen.IsFailingOpen || _buffer.Reader.Count == 0 ? Task.CompletedTask : FlushAsync(cancellationToken);

    private bool Take(List<DeliveryOutcome> batch)
    {
        batch.Clear();
        while (batch.Count < BatchSize && _buffer.Reader.TryRead(out var outcome))
        {
            batch.Add(outcome);
        }

        return batch.Count > 0;
    }

    /// <summary>One batch to the server: null when written, else why not (the server unreachable, or an error's type).</summary>
    private async ValueTask<string?> WriteAsync(List<DeliveryOutcome> batch)
    {
#pragma warning disable CA1031 // The background writer must outlive any failure: the batch stays local, and says so.
        try
        {
            var written = await _failOpen.Guarded(() => SharedWriteAsync(batch), () => new ValueTask<bool>(false)).ConfigureAwait(false);
            return written ? null : "the server could not be reached";
        }
        catch (Exception ex)
        {
            return ex.GetType().Name;
        }
#pragma warning restore CA1031
    }

    private async ValueTask<bool> SharedWriteAsync(List<DeliveryOutcome> batch)
    {
        var minutes = new SortedDictionary<long, Dictionary<string, long>>();
        foreach (var outcome in batch)
        {
            var minute = InMinute(outcome.Timestamp);
            if (!minutes.TryGetValue(minute, out var fields))
            {
                fields = new Dictionary<string, long>(StringComparer.Ordinal);
                minutes.Add(minute, fields);
            }

            var field = Field(outcome);
            fields[field] = fields.GetValueOrDefault(field) + 1;
        }

        var keys = new RedisKey[1 + minutes.Count];
        keys[0] = _recentKey;
        var args = new List<RedisValue>(3 + batch.Count + (minutes.Count * 3)) { _capacity, CountsExpiryMilliseconds, batch.Count };
        foreach (var outcome in batch)
        {
            args.Add(DeliveryOutcomeJson.Write(outcome));
        }

        var k = 1;
        foreach (var (minute, fields) in minutes)
        {
            keys[k++] = CountsKey(minute);
            args.Add(fields.Count);
            foreach (var (field, count) in fields)
            {
                args.Add(field);
                args.Add(count);
            }
        }

        await Database.ScriptEvaluateAsync(AppendScript, keys, [.. args]).ConfigureAwait(false);
        return true;
    }

    private async ValueTask<IReadOnlyList<DeliveryOutcome>> SharedRecentAsync(int maxCount)
    {
        var values = await Database.ListRangeAsync(_recentKey, 0, maxCount - 1).ConfigureAwait(false);
        var outcomes = new List<DeliveryOutcome>(values.Length);
        foreach (var value in values)
        {
            if (DeliveryOutcomeJson.TryRead(value.ToString(), out var outcome))
            {
                outcomes.Add(outcome);
            }
        }

        // The list is in the order batches arrived from the replicas; a stable sort by time puts it newest first.
        return [.. outcomes.OrderByDescending(o => o.Timestamp)];
    }

    private async ValueTask<IReadOnlyList<NotificationCount>> SharedCountsAsync(DateTimeOffset since, DateTimeOffset until)
    {
        var first = InMinute(since);
        var last = InMinute(until);
        var batch = Database.CreateBatch();
        var reads = new List<Task<HashEntry[]>>((int)Math.Max(0, last - first + 1));
        for (var minute = first; minute <= last; minute++)
        {
            reads.Add(batch.HashGetAllAsync(CountsKey(minute)));
        }

        batch.Execute();
        var hashes = await Task.WhenAll(reads).ConfigureAwait(false);
        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var entry in hashes.SelectMany(h => h))
        {
            var field = entry.Name.ToString();
            totals[field] = totals.GetValueOrDefault(field) + (long)entry.Value;
        }

        var counts = new List<NotificationCount>(totals.Count);
        foreach (var (field, count) in totals)
        {
            if (Parse(field, count) is { } parsed)
            {
                counts.Add(parsed);
            }
        }

        return counts;
    }

    private RedisKey CountsKey(long minute) => string.Concat(_prefix, "history:counts:", minute.ToString(CultureInfo.InvariantCulture));

    private static long InMinute(DateTimeOffset time) => time.ToUnixTimeSeconds() / 60;

    /// <summary>A count's hash field: severity and status as numbers, then the channel (empty for a dropped event's none), which may hold anything.</summary>
    private static string Field(DeliveryOutcome outcome) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)outcome.Severity}{Separator}{(int)outcome.Status}{Separator}{outcome.ChannelName}");

    private static NotificationCount? Parse(string field, long count)
    {
        var parts = field.Split(Separator, 3);
        if (parts.Length != 3 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var severity) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            return null;
        }

        return new NotificationCount(parts[2].Length == 0 ? null : parts[2], (AlertSeverity)severity, (DeliveryOutcomeStatus)status, count);
    }

}
