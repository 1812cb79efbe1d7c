using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>
/// The PagerDuty channel's log messages (category <c>Alerting.PagerDuty</c>): what was cut or left out to keep an
/// event within PagerDuty's limits. The body trim keeps the id it had in the shared HTTP range (1206); the others are
/// 1250-1299. Never the routing key or field values; each HTTP request is logged by the shared pipeline (1200-1205) and
/// the notification's final outcome by the dispatcher (1000, 1001).
/// </summary>
internal static partial class PagerDutyLog
{
    [LoggerMessage(1206, LogLevel.Warning, "Channel {ChannelName}: the request body was {Size} bytes, over PagerDuty's {Limit}; {What}; {Sent} bytes sent.", EventName = "HttpBodyTrimmed")]
    public static partial void BodyTrimmed(ILogger logger, string channelName, int size, int limit, string what, int sent);

    [LoggerMessage(1250, LogLevel.Debug, "Channel {ChannelName}: {Field} was {Length} characters, cut to {Limit}.", EventName = "PagerDutyFieldCut")]
    public static partial void FieldCut(ILogger logger, string channelName, string field, int length, int limit);

    [LoggerMessage(1251, LogLevel.Debug, "Channel {ChannelName}: {Item} left out because {Field} was {Length} characters, over {Limit}.", EventName = "PagerDutyItemLeftOut")]
    public static partial void ItemLeftOut(ILogger logger, string channelName, string item, string field, int length, int limit);

    [LoggerMessage(1252, LogLevel.Debug, "Channel {ChannelName}: {Field} left out: only http and https links are sent (it had scheme {Scheme}).", EventName = "PagerDutyLinkDropped")]
    public static partial void LinkDropped(ILogger logger, string channelName, string field, string scheme);
}
