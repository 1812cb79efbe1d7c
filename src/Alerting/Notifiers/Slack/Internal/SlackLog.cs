using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Slack.Internal;

/// <summary>
/// The Slack channel's log messages (category <c>Alerting.Slack</c>, event ids 1600-1649). Never the webhook URL, the
/// token or message text; each HTTP request is logged by the shared pipeline (1200-1249, URL cut to scheme and host) and
/// the notification's final outcome by the dispatcher (1000, 1001).
/// </summary>
internal static partial class SlackLog
{
    [LoggerMessage(1600, LogLevel.Debug, "Channel {ChannelName}: cut the Slack message to Block Kit's limits: {Cuts}.", EventName = "SlackMessageCut")]
    public static partial void MessageCut(ILogger logger, string channelName, string cuts);

    [LoggerMessage(1601, LogLevel.Warning, "Channel {ChannelName}: the payload template rendered neither a JSON array of blocks nor a message object; nothing was sent.", EventName = "SlackPayloadRejected")]
    public static partial void PayloadRejected(ILogger logger, string channelName);

    [LoggerMessage(1602, LogLevel.Debug, "Channel {ChannelName}: chat.postMessage posted message {MessageTs} to {ChannelId}.", EventName = "SlackMessagePosted")]
    public static partial void MessagePosted(ILogger logger, string channelName, string messageTs, string channelId);

    [LoggerMessage(1603, LogLevel.Debug, "Channel {ChannelName}: chat.postMessage answered ok:false with {Error}; not retried.", EventName = "SlackApiError")]
    public static partial void ApiError(ILogger logger, string channelName, string error);

    [LoggerMessage(1604, LogLevel.Debug, "Channel {ChannelName}: the event's link was left out: only http and https links are sent (it had scheme {Scheme}).", EventName = "SlackLinkDropped")]
    public static partial void LinkDropped(ILogger logger, string channelName, string scheme);
}
