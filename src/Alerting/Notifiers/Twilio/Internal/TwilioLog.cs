using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>
/// The SMS channel's log messages (category <c>Alerting.Twilio</c>, event ids 1700-1749). Numbers are masked, never
/// a credential or the message text; each HTTP request is logged by the shared pipeline (1200-1249) and the notification's
/// final outcome by the dispatcher (1000, 1001).
/// </summary>
internal static partial class TwilioLog
{
    [LoggerMessage(1700, LogLevel.Debug, "Channel {ChannelName}: Twilio accepted message {MessageSid} to {Recipient} ({Segments} {Encoding} segment(s)).", EventName = "TwilioMessageAccepted")]
    public static partial void MessageAccepted(ILogger logger, string channelName, string messageSid, string recipient, int segments, string encoding);

    [LoggerMessage(1701, LogLevel.Debug, "Channel {ChannelName}: SMS to {Recipient} failed ({Status}): {Reason}", EventName = "TwilioRecipientFailed")]
    public static partial void RecipientFailed(ILogger logger, string channelName, string recipient, DeliveryStatus status, string? reason);

    [LoggerMessage(1702, LogLevel.Debug, "Channel {ChannelName}: cut the SMS text from {Length} to {MaxLength} UTF-16 code units.", EventName = "TwilioTextTruncated")]
    public static partial void TextTruncated(ILogger logger, string channelName, int length, int maxLength);
}
