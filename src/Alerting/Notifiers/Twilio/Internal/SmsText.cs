using System.Buffers;
using System.Globalization;
using System.Text;
using Alerting.Notifiers.Internal;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>
/// The text of an SMS, plain: which part of the notification it is, its label when it is not a new alert, and how many
/// segments it takes (GSM-7 or UCS-2), as the reference's segment table counts them.
/// </summary>
internal static class SmsText
{
    private const int GsmSingle = 160;
    private const int GsmPart = 153;
    private const int UnicodeSingle = 70;
    private const int UnicodePart = 67;

    /// <summary>The longest line of an alert in a grouped notification: its state and the start of its source.</summary>
    private const int MaxAlertLineLength = 60;

    /// <summary>The GSM 03.38 default alphabet, one septet each.</summary>
    private static readonly SearchValues<char> s_gsmBasic = SearchValues.Create(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");

    /// <summary>The GSM extension table: two septets each (an escape and the character).</summary>
    private static readonly SearchValues<char> s_gsmExtension = SearchValues.Create("\f^{}\\[~]|€");

    /// <summary>
    /// The SMS for a notification: its <c>Body</c> when a Body template is set on the channel or the action; otherwise
    /// its title, followed by its message when <paramref name="includeMessage"/> is set, and for a grouped notification
    /// a short line per alert (its state and source) while they fit in <paramref name="maxLength"/>, then
    /// <c>+N more</c>. Resolves, acknowledges, updates and tests start with a label, since an SMS has no header to say
    /// so. Line breaks become <c>\n</c> and other control characters are dropped.
    /// </summary>
    public static string Compose(Notification notification, bool includeMessage, int maxLength)
    {
        var label = Label(notification.Kind);
        var text = Clean(notification.Body);
        if (text.Length == 0)
        {
            var title = Clean(notification.Title);
            var message = includeMessage ? Clean(notification.Message) : string.Empty;
            text = (title.Length, message.Length) switch
            {
                (0, 0) => $"[{notification.Severity.ToString().ToUpperInvariant()}] {notification.Event.Type} from {notification.Event.Source}",
                (_, 0) => title,
                (0, _) => message,
                _ => title + "\n" + message,
            };
            if (notification.Alerts.Count > 0)
            {
                var room = maxLength - text.Length - (label is null ? 0 : label.Length + 1);
                text += GroupedAlerts.Lines(notification.Alerts, a => $"{GroupedAlerts.Label(a)} {Clean(a.Event.Source)}", MaxAlertLineLength, room, More);
            }
        }

        return label is null ? text : label + " " + text;
    }

    private static string More(int hidden) => string.Create(CultureInfo.InvariantCulture, $"+{hidden} more");

    /// <summary>How many segments Twilio bills for <paramref name="text"/>, and whether one character forces UCS-2.</summary>
    public static (int Segments, bool Unicode) Segments(string text)
    {
        var septets = 0;
        foreach (var c in text)
        {
            if (s_gsmBasic.Contains(c))
            {
                septets++;
            }
            else if (s_gsmExtension.Contains(c))
            {
                septets += 2;
            }
            else
            {
                return (Count(text.Length, UnicodeSingle, UnicodePart), true);
            }
        }

        return (Count(septets, GsmSingle, GsmPart), false);
    }

    private static int Count(int units, int single, int part) => units <= single ? 1 : (units + part - 1) / part;

    private static string? Label(NotificationKind kind) => kind switch
    {
        NotificationKind.Resolve => "[RESOLVED]",
        NotificationKind.Acknowledge => "[ACKNOWLEDGED]",
        NotificationKind.Update => "[UPDATE]",
        NotificationKind.Test => "[TEST]",
        _ => null,
    };

    private static string Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        text = text.ReplaceLineEndings("\n").Trim();
        foreach (var c in text)
        {
            if (c != '\n' && char.IsControl(c))
            {
                return Strip(text);
            }
        }

        return text;
    }

    /// <summary>Tabs become spaces; other control characters, invisible on a phone, are dropped.</summary>
    private static string Strip(string text)
    {
        var clean = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\t')
            {
                clean.Append(' ');
            }
            else if (c == '\n' || !char.IsControl(c))
            {
                clean.Append(c);
            }
        }

        return clean.ToString().Trim();
    }
}
