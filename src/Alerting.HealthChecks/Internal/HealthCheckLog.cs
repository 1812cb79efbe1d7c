using Microsoft.Extensions.Logging;

namespace Alerting.HealthChecks.Internal;

/// <summary>Log messages of the health check publisher (event ids 2100-2149). Never a check's description or exception message.</summary>
internal static partial class HealthCheckLog
{
    [LoggerMessage(2100, LogLevel.Debug, "Health check {CheckName} went from {PreviousStatus} to {Status}: published {EventType}.", EventName = "HealthChangePublished")]
    public static partial void ChangePublished(ILogger logger, string checkName, string previousStatus, string status, string eventType);

    [LoggerMessage(2101, LogLevel.Warning, "Health check {CheckName} went from {PreviousStatus} to {Status}, but Alerting did not accept {EventType} ({ExceptionType}); it is published again with the next report.", EventName = "HealthChangeNotPublished")]
    public static partial void ChangeNotPublished(ILogger logger, string checkName, string previousStatus, string status, string eventType, string exceptionType);
}
