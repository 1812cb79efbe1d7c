using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Alerting.Redis;

/// <summary>
/// How the shared stores fail open: a decision goes to the server, or, when it cannot be reached, to the store's local
/// fallback (a duplicate page beats none); the change is logged once each way (2000 when it starts, 2001 when it ends).
/// </summary>
internal sealed class FailOpen(ILogger logger)
{
    private int _unreachable;

    /// <summary>Gets whether the last decision was made locally.</summary>
    public bool IsFailingOpen => Volatile.Read(ref _unreachable) == 1;

    private static bool IsUnreachable(Exception exception) => exception is RedisConnectionException or RedisTimeoutException or TimeoutException;

    /// <summary>A decision on the server, or, when it cannot be reached, on the local store (logged when that starts and ends).</summary>
    public async ValueTask<T> Guarded<T>(Func<ValueTask<T>> shared, Func<ValueTask<T>> local)
    {
        try
        {
            var result = await shared().ConfigureAwait(false);
            Reachable();
            return result;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Unreachable(ex);
            return await local().ConfigureAwait(false);
        }
    }

    public async ValueTask Guarded(Func<ValueTask> shared, Func<ValueTask> local)
    {
        try
        {
            await shared().ConfigureAwait(false);
            Reachable();
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Unreachable(ex);
            await local().ConfigureAwait(false);
        }
    }

    public T Guarded<T>(Func<T> shared, Func<T> local)
    {
        try
        {
            var result = shared();
            Reachable();
            return result;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            Unreachable(ex);
            return local();
        }
    }

    private void Unreachable(Exception exception)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            RedisLog.Unreachable(logger, exception.GetType().Name);
        }
    }

    private void Reachable()
    {
        if (Volatile.Read(ref _unreachable) == 1 && Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            RedisLog.Reachable(logger);
        }
    }
}
