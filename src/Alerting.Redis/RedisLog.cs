using Microsoft.Extensions.Logging;

namespace Alerting.Redis;

/// <summary>Log messages of the shared store (event ids 2000-2049). Never the configuration string: it may hold a password.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2000, LogLevel.Warning, "The Redis server cannot be reached ({Failure}): incidents are decided on this instance alone until it answers again, so another instance may notify the same incident.", EventName = "RedisUnreachable")]
    public static partial void Unreachable(ILogger logger, string failure);

    [LoggerMessage(2001, LogLevel.Information, "The Redis server answers again: incidents are decided on it.", EventName = "RedisReachable")]
    public static partial void Reachable(ILogger logger);

    [LoggerMessage(2040, LogLevel.Warning, "{Count} notification outcome(s) were kept in this instance's history only ({Reason}): the history and statistics of the other instances miss them.", EventName = "RedisHistoryNotShared")]
    public static partial void HistoryNotShared(ILogger logger, long count, string reason);
}
