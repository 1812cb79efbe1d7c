using System.Globalization;
using System.Net;
using System.Text;
using Alerting.Notifiers.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// The default e-mail body: a card with a severity-coloured band, the title, status, source, time, the message and the
/// event's attributes; and the same content as plain text. Tables and inline styles only, no images, scripts or external
/// resources, so it renders the same in web, desktop and phone mail clients. Every value that comes from the event or a
/// template is HTML-escaped here, and both parts are cleaned of control characters other than CR, LF and tab
/// (<see cref="EmailText.RemoveControls"/>), as on every other channel.
/// </summary>
internal static class EmailCard
{
    private const string Font = "-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private const string LabelCell = "padding:3px 16px 3px 0;color:#71717a;vertical-align:top;white-space:nowrap;";
    private const string ValueCell = "padding:3px 0;vertical-align:top;";
    private const string HeadingCell = "padding:4px 12px 4px 0;color:#71717a;font-weight:normal;text-align:left;border-bottom:1px solid #e4e4e7;white-space:nowrap;";
    private const string AlertCell = "padding:4px 12px 4px 0;border-bottom:1px solid #f4f4f5;vertical-align:top;";

    private static readonly string[] s_alertHeadings = ["State", "Severity", "Source", "Type", "Message", "Link"];

    public static string Html(Notification notification)
    {
        var e = notification.Event;
        var colour = Colour(notification);
        var html = new StringBuilder(2048);
        html.Append("<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>")
            .Append(Escape(notification.Title))
            .Append("</title></head>\r\n")
            .Append(CultureInfo.InvariantCulture, $"<body style=\"margin:0;padding:24px 12px;background:#f4f4f5;font-family:{Font};color:#18181b;\">\r\n")
            .Append("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"max-width:640px;margin:0 auto;background:#ffffff;border:1px solid #e4e4e7;border-collapse:collapse;\">\r\n")
            .Append(CultureInfo.InvariantCulture, $"<tr><td style=\"background:{colour};height:6px;line-height:6px;font-size:0;\">&nbsp;</td></tr>\r\n")
            .Append("<tr><td style=\"padding:20px 24px 4px;\">")
            .Append(CultureInfo.InvariantCulture, $"<span style=\"display:inline-block;padding:2px 8px;background:{colour};color:#ffffff;font-size:12px;font-weight:bold;letter-spacing:1px;\">{Label(notification)}</span>")
            .Append("<h1 style=\"margin:12px 0 0;font-size:20px;line-height:1.3;font-weight:600;\">").Append(Escape(notification.Title)).Append("</h1></td></tr>\r\n")
            .Append("<tr><td style=\"padding:12px 24px;\"><table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:14px;line-height:1.5;border-collapse:collapse;\">\r\n");
        var grouped = notification.Alerts.Count > 0;
        Row(html, "Status", Status(notification));
        Row(html, "Severity", notification.Severity.ToString());
        if (!grouped)
        {
            Row(html, "Source", e.Source);
            Row(html, "Event", e.Type);
        }

        Row(html, "Time", Time(e.Timestamp));
        if (!grouped && e.Environment is { } environment)
        {
            Row(html, "Environment", environment);
        }

        html.Append("</table></td></tr>\r\n");
        // Cleaned before line ends are replaced: NEL (U+0085) is a control to remove, not a line end.
        var message = EmailText.RemoveControls(notification.Message);
        if (message.Length > 0)
        {
            html.Append("<tr><td style=\"padding:8px 24px 12px;font-size:14px;line-height:1.5;\">")
                .Append(Escape(message).ReplaceLineEndings("<br>\r\n"))
                .Append("</td></tr>\r\n");
        }

        if (grouped)
        {
            AlertTable(html, notification.Alerts);
        }
        else if (e.Attributes.Count > 0)
        {
            html.Append("<tr><td style=\"padding:8px 24px 12px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:13px;line-height:1.4;border-collapse:collapse;border-top:1px solid #e4e4e7;\">\r\n");
            foreach (var (name, value) in Attributes(e))
            {
                html.Append("<tr><td style=\"padding:6px 16px 6px 0;color:#71717a;border-bottom:1px solid #f4f4f5;vertical-align:top;white-space:nowrap;\">").Append(Escape(name))
                    .Append("</td><td style=\"padding:6px 0;border-bottom:1px solid #f4f4f5;vertical-align:top;font-family:Consolas,Menlo,monospace;word-break:break-all;\">").Append(Escape(value))
                    .Append("</td></tr>\r\n");
            }

            html.Append("</table></td></tr>\r\n");
        }

        if (Link(e) is { } link)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:8px 24px 16px;\"><a href=\"{Escape(link)}\" style=\"display:inline-block;padding:8px 16px;background:{colour};color:#ffffff;text-decoration:none;font-size:14px;\">Open details</a></td></tr>\r\n");
        }

        html.Append("<tr><td style=\"padding:12px 24px 20px;color:#a1a1aa;font-size:12px;\">Sent by Alerting, channel ")
            .Append(Escape(notification.ChannelName));
        if (notification.RuleName is { } rule)
        {
            html.Append(", rule ").Append(Escape(rule));
        }

        return EmailText.RemoveControls(html.Append(".</td></tr>\r\n</table>\r\n</body></html>\r\n").ToString());
    }

    public static string Text(Notification notification)
    {
        var e = notification.Event;
        var text = new StringBuilder(512)
            .Append(notification.Title).Append("\r\n\r\n");
        var message = EmailText.RemoveControls(notification.Message);
        if (message.Length > 0)
        {
            text.Append(message.ReplaceLineEndings("\r\n")).Append("\r\n\r\n");
        }

        if (notification.Alerts.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Status: {Status(notification)}\r\nTime: {Time(e.Timestamp)}\r\n\r\n");
            AlertLines(text, notification.Alerts);
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Status: {Status(notification)}\r\nSource: {e.Source}\r\nTime: {Time(e.Timestamp)}\r\n");
            foreach (var (name, value) in Attributes(e))
            {
                text.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        if (Link(e) is { } link)
        {
            text.Append("\r\n").Append(link).Append("\r\n");
        }

        return EmailText.RemoveControls(text.ToString());
    }

    /// <summary>
    /// The alerts of a grouped notification as a table (state, severity, source, type, message, link), every value
    /// HTML-escaped and the message cut to <see cref="EmailConstants.MaxAlertMessageLength"/>; as many rows as fit in
    /// <see cref="EmailConstants.MaxAlertTableBytes"/>, then a row saying how many more there are.
    /// </summary>
    private static void AlertTable(StringBuilder html, IReadOnlyList<NotificationAlert> alerts)
    {
        var rows = AlertRows(alerts);
        var shown = ShownAlerts(rows);
        html.Append("<tr><td style=\"padding:8px 24px 12px;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"font-size:13px;line-height:1.4;border-collapse:collapse;\">\r\n<tr>");
        foreach (var heading in s_alertHeadings)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th style=\"{HeadingCell}\">{heading}</th>");
        }

        html.Append("</tr>\r\n");
        foreach (var row in rows.Take(shown))
        {
            html.Append(row);
        }

        if (shown < alerts.Count)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td colspan=\"{s_alertHeadings.Length}\" style=\"{AlertCell}color:#71717a;font-style:italic;\">{GroupedAlerts.More(alerts.Count - shown)}</td></tr>\r\n");
        }

        html.Append("</table></td></tr>\r\n");
    }

    private static List<string> AlertRows(IReadOnlyList<NotificationAlert> alerts) =>
    [
        .. alerts.Select(alert =>
        {
            var e = alert.Event;
            var message = Escape(TextTruncation.Truncate(e.Message ?? string.Empty, EmailConstants.MaxAlertMessageLength, out _)).ReplaceLineEndings("<br>");
            var link = Link(e) is { } url ? $"<a href=\"{Escape(url)}\" style=\"color:#1d4ed8;\">Open</a>" : string.Empty;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"<tr><td style=\"{AlertCell}font-weight:bold;color:{StateColour(alert)};white-space:nowrap;\">{GroupedAlerts.Label(alert)}</td><td style=\"{AlertCell}\">{e.Severity}</td><td style=\"{AlertCell}\">{Escape(e.Source)}</td><td style=\"{AlertCell}\">{Escape(e.Type)}</td><td style=\"{AlertCell}word-break:break-word;\">{message}</td><td style=\"{AlertCell}\">{link}</td></tr>\r\n");
        }),
    ];

    /// <summary>
    /// The alerts of a grouped notification as text: each one's state and line (cut to
    /// <see cref="EmailConstants.MaxAlertMessageLength"/>), then its link; the same alerts the table shows.
    /// </summary>
    private static void AlertLines(StringBuilder text, IReadOnlyList<NotificationAlert> alerts)
    {
        var shown = ShownAlerts(AlertRows(alerts));
        foreach (var alert in alerts.Take(shown))
        {
            text.Append(GroupedAlerts.Label(alert)).Append(' ').Append(EmailText.RemoveControls(TextTruncation.Truncate(alert.Text, EmailConstants.MaxAlertMessageLength, out _)).ReplaceLineEndings("\r\n    ")).Append("\r\n");
            if (Link(alert.Event) is { } link)
            {
                text.Append("    ").Append(link).Append("\r\n");
            }
        }

        if (shown < alerts.Count)
        {
            text.Append(GroupedAlerts.More(alerts.Count - shown)).Append("\r\n");
        }
    }

    /// <summary>How many of the table's rows fit in its budget, the last saying how many more there are.</summary>
    private static int ShownAlerts(List<string> rows) =>
        GroupedAlerts.Fit([.. rows.Select(Encoding.UTF8.GetByteCount)], EmailConstants.MaxAlertTableBytes, int.MaxValue, EmailConstants.MoreRowBytes);

    private static string StateColour(NotificationAlert alert) => alert.State switch
    {
        "resolved" => "#15803d",
        "new" => "#dc2626",
        _ => "#b45309",
    };

    /// <summary>Red for errors, amber for warnings, blue for information, green once resolved, grey for acknowledgements, updates and tests.</summary>
    internal static string Colour(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => "#15803d",
        NotificationKind.Acknowledge or NotificationKind.Test or NotificationKind.Update => "#52525b",
        _ => notification.Severity switch
        {
            AlertSeverity.Critical => "#991b1b",
            AlertSeverity.Error => "#dc2626",
            AlertSeverity.Warning => "#b45309",
            _ => "#1d4ed8",
        },
    };

    private static string Label(Notification notification) =>
        EmailSubject.Mark(notification.Kind) ?? notification.Severity.ToString().ToUpperInvariant();

    private static string Status(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => "resolved",
        NotificationKind.Acknowledge => "acknowledged",
        NotificationKind.Update => "update",
        _ => notification.Event.Status == AlertStatus.Resolved ? "resolved" : "firing",
    };

    private static string Time(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"{LabelCell}\">{label}</td><td style=\"{ValueCell}\">{Escape(value)}</td></tr>\r\n");

    private static IEnumerable<(string Name, string Value)> Attributes(AlertEvent e) =>
        e.Attributes
            .OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => (a.Key, a.Value switch
            {
                null => string.Empty,
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => a.Value.ToString() ?? string.Empty,
            }));

    /// <summary>The event's link, when it is a web address (never <c>javascript:</c> or other schemes): <see cref="SafeLinks"/>.</summary>
    private static string? Link(AlertEvent e) => SafeLinks.AbsoluteOrNull(e.Url);

    /// <summary>HTML-escaped, without control characters (removed first, so none survives as a character reference).</summary>
    private static string Escape(string value) => WebUtility.HtmlEncode(EmailText.RemoveControls(value));
}
