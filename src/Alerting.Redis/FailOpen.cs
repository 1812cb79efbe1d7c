using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// How a shared store fails open: a decision goes to the server, or, when it cannot be reached, to the store's local
/// fallback (a duplicate page beats none); the app's <see cref="RedisSharingStatus"/> logs, counts and measures the outage.
/// </summary>
/// <param name="logger">Where a store made without a status logs outages (its own status then).</param>
/// <param name="store">The store's name in the <c>alerting.redis.local_decisions</c> metric.</param>
/// <param name="status">The app's status, shared by its stores.</param>
internal sealed class FailOpen(ILogger logger, string store, RedisSharingStatus? status = null)
{
    /// <summary>Gets the status this store reports to.</summary>
    public RedisSharingStatus Status { get; } = status ?? new RedisSharingStatus(logger);

    /// <summary>Gets whether the last decision was made locally.</summary>
    public bool IsFailingOpen => !Status.IsReachable;

    private static bool IsUnreachable(Exception exception) => exception is RedisConnectionException or RedisTimeoutException or TimeoutException;

    /// <summary>A decision on the server, or, when it cannot be reached, on the local store (logged when that starts and ends).</summary>
    public async ValueTask<T> Guarded<T>(Func<ValueTask<T>> shared, Func<ValueTask<T>> local)
    {
        try
        {
            var result = await shared().ConfigureAwait(false);
            Status.Reachable();
            return result;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Status.Unreachable(ex, store);
            return await local().ConfigureAwait(false);
        }
    }

    public async ValueTask Guarded(Func<ValueTask> shared, Func<ValueTask> local)
    {
        try
        {
            await shared().ConfigureAwait(false);
            Status.Reachable();
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Status.Unreachable(ex, store);
            await local().ConfigureAwait(false);
        }
    }

    public T Guarded<T>(Func<T> shared, Func<T> local)
    {
        try
        {
            var result = shared();
            Status.Reachable();
            return result;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Status.Unreachable(ex, store);
            return local();
        }
    }
}
