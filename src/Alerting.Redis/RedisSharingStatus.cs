using System.Diagnostics.Metrics;
using Alerting.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Redis;

/// <summary>
/// Whether this instance shares its state through the Redis server right now, or decides alone because the server
/// cannot be reached (the stores fail open: a duplicate page beats none). One per app, shared by every store of
/// <c>UseRedis</c>: an outage is logged once when it starts (2000, <c>RedisUnreachable</c>) and once when it ends (2001,
/// <c>RedisReachable</c>), counted, and measured on the <c>Alerting.Redis</c> meter: <c>alerting.redis.reachable</c>
/// (1 or 0), <c>alerting.redis.outages</c>, and <c>alerting.redis.local_decisions</c> (decisions made on this instance
/// alone, by store). When the server answers again, the incidents opened here meanwhile are shared before the next
/// decision (see <see cref="RedisIncidentStore.ShareLocalIncidentsAsync"/>). It is the app's <see cref="ISharedStoreStatus"/>,
/// so <see cref="IAlertingHealth"/> (and the <c>Alerting.HealthChecks</c> check) reports an outage, and since when.
/// </summary>
public sealed class RedisSharingStatus : IDisposable, ISharedStoreStatus
{
    /// <summary>The name of the meter of the shared stores.</summary>
    public const string MeterName = "Alerting.Redis";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _localDecisions;
    private readonly Counter<long> _outages;
    private long _unreachableSinceTicks;
    private long _localDecisionCount;
    private int _outageCount;
    private int _unreachable;

    /// <summary>A status that logs to <paramref name="logger"/> and measures on a meter from <paramref name="meterFactory"/>.</summary>
    /// <param name="logger">Where outages are logged; none when <see langword="null"/>.</param>
    /// <param name="meterFactory">Makes the meter; a meter of its own when <see langword="null"/>.</param>
    /// <param name="time">The clock of <see cref="UnreachableSince"/>; the system clock when <see langword="null"/>.</param>
    public RedisSharingStatus(ILogger<RedisSharingStatus>? logger = null, IMeterFactory? meterFactory = null, TimeProvider? time = null)
        : this((ILogger?)logger ?? NullLogger.Instance, meterFactory, time)
    {
    }

    internal RedisSharingStatus(ILogger logger, IMeterFactory? meterFactory = null, TimeProvider? time = null)
    {
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _localDecisions = _meter.CreateCounter<long>("alerting.redis.local_decisions", "{decision}", "Decisions made on this instance alone because the Redis server could not be reached.");
        _outages = _meter.CreateCounter<long>("alerting.redis.outages", "{outage}", "Times the Redis server stopped answering.");
        _meter.CreateObservableGauge("alerting.redis.reachable", () => IsReachable ? 1 : 0, "{boolean}", "1 while the Redis server answers, 0 while the stores decide alone.");
    }

    /// <summary>Gets the store's kind: <c>redis</c> (Valkey and Garnet included).</summary>
    public string StoreName => "redis";

    /// <summary>Gets whether the last call to the server was answered.</summary>
    public bool IsReachable => Volatile.Read(ref _unreachable) == 0;

    /// <summary>Gets when the current outage began; null while the server answers.</summary>
    public DateTimeOffset? UnreachableSince =>
        IsReachable ? null : new DateTimeOffset(Interlocked.Read(ref _unreachableSinceTicks), TimeSpan.Zero);

    /// <summary>Gets how many decisions were made on this instance alone since it started.</summary>
    public long LocalDecisions => Interlocked.Read(ref _localDecisionCount);

    /// <summary>Gets how many times the server stopped answering since this instance started.</summary>
    public int Outages => Volatile.Read(ref _outageCount);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>A call could not reach the server: the decision is made locally (and the outage begins, if it had not).</summary>
    internal void Unreachable(Exception exception, string store)
    {
        Interlocked.Increment(ref _localDecisionCount);
        _localDecisions.Add(1, new KeyValuePair<string, object?>("store", store));
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            Interlocked.Exchange(ref _unreachableSinceTicks, _time.GetUtcNow().UtcTicks);
            Interlocked.Increment(ref _outageCount);
            _outages.Add(1);
            RedisLog.Unreachable(_logger, exception.GetType().Name);
        }
    }

    /// <summary>A call was answered: an outage, if there was one, ends.</summary>
    internal void Reachable()
    {
        if (Volatile.Read(ref _unreachable) == 1 && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            RedisLog.Reachable(_logger);
        }
    }
}
