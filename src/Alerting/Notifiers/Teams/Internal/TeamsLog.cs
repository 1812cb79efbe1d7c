using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Teams.Internal;

/// <summary>
/// The Teams channel's log messages (category <c>Alerting.Teams</c>, event ids 1650-1699). Never the webhook URL (its
/// <c>sig</c> is the credential) or card text; each HTTP request is logged by the shared pipeline (1200-1249, URL cut to
/// scheme and host) and the notification's final outcome by the dispatcher (1000, 1001).
/// </summary>
internal static partial class TeamsLog
{
    [LoggerMessage(1650, LogLevel.Debug, "Channel {ChannelName}: cut the longest texts of the {Format} from {Size} to {MaxBodyBytes} bytes.", EventName = "TeamsCardCut")]
    public static partial void CardCut(ILogger logger, string channelName, TeamsFormat format, int size, int maxBodyBytes);

    [LoggerMessage(1651, LogLevel.Warning, "Channel {ChannelName}: the payload template did not render a {Format}; nothing was sent.", EventName = "TeamsPayloadRejected")]
    public static partial void PayloadRejected(ILogger logger, string channelName, TeamsFormat format);

    [LoggerMessage(1652, LogLevel.Debug, "Channel {ChannelName}: the Workflows flow accepted the card (HTTP {StatusCode}); it posts it on its own, and a failure there is not reported back.", EventName = "TeamsCardAccepted")]
    public static partial void CardAccepted(ILogger logger, string channelName, int statusCode);

    [LoggerMessage(1653, LogLevel.Debug, "Channel {ChannelName}: the event's link was left out: only http and https links are sent (it had scheme {Scheme}).", EventName = "TeamsLinkDropped")]
    public static partial void LinkDropped(ILogger logger, string channelName, string scheme);
}
