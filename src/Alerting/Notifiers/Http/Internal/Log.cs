using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Log messages of the HTTP channels (event ids 1200-1249). Endpoints are logged redacted (scheme, host and port);
/// these replace <c>IHttpClientFactory</c>'s own loggers, which are removed from the channels' clients. Retries are
/// the dispatcher's (<c>DeliveryRetrying</c>); 1203 is retired. 1206, a body
/// trimmed to PagerDuty's limit, is PagerDuty's own (<c>PagerDutyLog</c>).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1200, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} answered {StatusCode} in {Elapsed}.", EventName = "HttpRequestCompleted")]
    public static partial void RequestCompleted(ILogger logger, string channelName, string method, string endpoint, int statusCode, TimeSpan elapsed);

    [LoggerMessage(1201, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} timed out after {Timeout}.", EventName = "HttpRequestTimedOut")]
    public static partial void RequestTimedOut(ILogger logger, string channelName, string method, string endpoint, TimeSpan timeout);

    [LoggerMessage(1202, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} failed: {Reason}.", EventName = "HttpRequestFailed")]
    public static partial void RequestFailed(ILogger logger, string channelName, string method, string endpoint, string reason);

    [LoggerMessage(1204, LogLevel.Warning, "Channel {ChannelName}: circuit opened for {BreakDuration} after {Reason}; deliveries fail at once until it closes.", EventName = "HttpCircuitOpened")]
    public static partial void CircuitOpened(ILogger logger, string channelName, TimeSpan breakDuration, string reason);

    [LoggerMessage(1205, LogLevel.Information, "Channel {ChannelName}: circuit closed.", EventName = "HttpCircuitClosed")]
    public static partial void CircuitClosed(ILogger logger, string channelName);

    [LoggerMessage(1207, LogLevel.Debug, "Channel {ChannelName}: {Method} {Endpoint} answered {StatusCode} but its body could not be read ({Reason}).", EventName = "HttpBodyUnreadable")]
    public static partial void BodyUnreadable(ILogger logger, string channelName, string method, string endpoint, int statusCode, string reason);
}
