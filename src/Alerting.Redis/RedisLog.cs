using Microsoft.Extensions.Logging;

namespace Alerting.Redis;

/// <summary>Log messages of the shared store (event ids 2000-2049). Never the configuration string: it may hold a password.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2000, LogLevel.Warning, "The Redis server cannot be reached ({Failure}): shared state (incidents, thresholds, incident steps, service health, job runs, silences, rate limits) is decided on this instance alone until it answers again, so another instance may notify the same incident.", EventName = "RedisUnreachable")]
    public static partial void Unreachable(ILogger logger, string failure);

    [LoggerMessage(2001, LogLevel.Information, "The Redis server answers again: state is shared through it again.", EventName = "RedisReachable")]
    public static partial void Reachable(ILogger logger);

    [LoggerMessage(2040, LogLevel.Warning, "Run-time silence {Field} on the Redis server cannot be read; it is left out.", EventName = "RedisSilenceUnreadable")]
    public static partial void StoredSilenceUnreadable(ILogger logger, string field);

    [LoggerMessage(2041, LogLevel.Information, "Wrote {Count} run-time silence change(s) made while the Redis server could not be reached.", EventName = "RedisSilenceChangesWritten")]
    public static partial void SilenceChangesWritten(ILogger logger, int count);
}
