using Microsoft.Extensions.Logging;

namespace Alerting.Redis;

/// <summary>Log messages of the shared silences (event ids 2040-2049).</summary>
internal static partial class RedisLog
{
    [LoggerMessage(2040, LogLevel.Warning, "Run-time silence {Field} on the Redis server cannot be read; it is left out.", EventName = "RedisSilenceUnreadable")]
    public static partial void StoredSilenceUnreadable(ILogger logger, string field);

    [LoggerMessage(2041, LogLevel.Information, "Wrote {Count} run-time silence change(s) made while the Redis server could not be reached.", EventName = "RedisSilenceChangesWritten")]
    public static partial void SilenceChangesWritten(ILogger logger, int count);
}
