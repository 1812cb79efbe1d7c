using Microsoft.Extensions.Logging;

namespace Alerting.Redis;

/// <summary>Log messages of the shared store (event ids 2000-2049). Never the configuration string: it may hold a password.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2000, LogLevel.Warning, "The Redis server cannot be reached ({Failure}): incidents, thresholds, incident steps and service health are decided on this instance alone until it answers again, so another instance may notify the same incident.", EventName = "RedisUnreachable")]
    public static partial void Unreachable(ILogger logger, string failure);

    [LoggerMessage(2001, LogLevel.Information, "The Redis server answers again: state is shared through it again.", EventName = "RedisReachable")]
    public static partial void Reachable(ILogger logger);
}
