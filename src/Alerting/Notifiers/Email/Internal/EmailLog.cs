using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>The e-mail channel's log messages (event ids 1500-1599). Never logs credentials or message content.</summary>
internal static partial class EmailLog
{
    [LoggerMessage(1500, LogLevel.Debug, "Opened an SMTP connection to {Host}:{Port} ({Security}).", EventName = "SmtpConnectionOpened")]
    public static partial void ConnectionOpened(ILogger logger, string host, int port, EmailSecurity security);

    [LoggerMessage(1501, LogLevel.Debug, "Dropped an SMTP connection to {Host}:{Port}: {Why}.", EventName = "SmtpConnectionDropped")]
    public static partial void ConnectionDropped(ILogger logger, string host, int port, string why);

    [LoggerMessage(1502, LogLevel.Debug, "Wrote a notification to {Path}.", EventName = "PickupFileWritten")]
    public static partial void PickupWritten(ILogger logger, string path);

    [LoggerMessage(1503, LogLevel.Debug, "Channel {ChannelName}: the event's link was left out of the message: only http and https links are sent (it had scheme {Scheme}).", EventName = "EmailLinkDropped")]
    public static partial void LinkDropped(ILogger logger, string channelName, string scheme);
}
