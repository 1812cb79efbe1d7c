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

    [LoggerMessage(2042, LogLevel.Warning, "Took over {Count} event(s) accepted by replica {Replica}, which stopped renewing its lease; they are dispatched here.", EventName = "RedisEventsTakenOver")]
    public static partial void EventsTakenOver(ILogger logger, int count, string replica);

    [LoggerMessage(2043, LogLevel.Warning, "Pending event {EventId} on the Redis server cannot be read ({Problem}); it is left out.", EventName = "RedisPendingEventUnreadable")]
    public static partial void PendingEventUnreadable(ILogger logger, string eventId, string problem);

    [LoggerMessage(2044, LogLevel.Warning, "{Count} notification outcome(s) were kept in this instance's history only ({Reason}): the history and statistics of the other instances miss them.", EventName = "RedisHistoryNotShared")]
    public static partial void HistoryNotShared(ILogger logger, long count, string reason);
}
