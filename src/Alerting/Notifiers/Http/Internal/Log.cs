using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Log messages of the HTTP channels (event ids 1200-1249). Endpoints are logged redacted (scheme, host and port);
/// these replace <c>IHttpClientFactory</c>'s own loggers, which are removed from the channels' clients. 1206, a body
/// trimmed to PagerDuty's limit, is PagerDuty's own (<c>PagerDutyLog</c>).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} try {Attempt} answered {StatusCode} in {Elapsed}.", EventName = "HttpAttemptCompleted")]
    public static partial void AttemptCompleted(ILogger logger, string channelName, string method, string endpoint, int attempt, int statusCode, TimeSpan elapsed);

    [LoggerMessage(1201, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} try {Attempt} timed out after {Timeout}.", EventName = "HttpAttemptTimedOut")]
    public static partial void AttemptTimedOut(ILogger logger, string channelName, string method, string endpoint, int attempt, TimeSpan timeout);

    [LoggerMessage(1202, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} try {Attempt} failed: {Reason}.", EventName = "HttpAttemptFailed")]
    public static partial void AttemptFailed(ILogger logger, string channelName, string method, string endpoint, int attempt, string reason);

    [LoggerMessage(1203, LogLevel.Debug, "Channel {ChannelName}: retry {Attempt} in {Delay} after {Reason}.", EventName = "HttpRetrying")]
    public static partial void Retrying(ILogger logger, string channelName, int attempt, TimeSpan delay, string reason);

    [LoggerMessage(1204, LogLevel.Warning, "Channel {ChannelName}: circuit opened for {BreakDuration} after {Reason}; deliveries fail at once until it closes.", EventName = "HttpCircuitOpened")]
    public static partial void CircuitOpened(ILogger logger, string channelName, TimeSpan breakDuration, string reason);

    [LoggerMessage(1205, LogLevel.Information, "Channel {ChannelName}: circuit closed.", EventName = "HttpCircuitClosed")]
    public static partial void CircuitClosed(ILogger logger, string channelName);

    [LoggerMessage(1207, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} try {Attempt} answered {StatusCode} but its body could not be read ({Reason}).", EventName = "HttpBodyUnreadable")]
    public static partial void BodyUnreadable(ILogger logger, string channelName, string method, string endpoint, int attempt, int statusCode, string reason);
}
