using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Tests.Notifiers;

/// <summary>
/// Grouped notifications built by hand, as the renderer would give them to a channel: the alerts' lines are escaped
/// for the channel (<see cref="NotificationAlert.Text"/>), their events are raw.
/// </summary>
internal static class GroupedNotifications
{
    public const string Title = "[ERROR] 3 alerts firing, 1 new in region=eu";

    /// <summary>Markup, a Slack mention and link, HTML that closes a table cell, CRLF, NUL, ESC and an emoji.</summary>
    public const string Hostile = "a & b <!channel> <https://evil.example|click> \"quoted\" </td></tr><script>steal()</script> {x}\r\nline2\0nul\u001besc 🚨";

    public static NotificationAlert Alert(
        string source,
        AlertStatus status = AlertStatus.Firing,
        bool isNew = false,
        string? text = null,
        string? url = null,
        AlertSeverity severity = AlertSeverity.Error,
        string? message = "Disk full",
        int occurrences = 1) => new()
        {
            Event = new AlertEvent(AlertEventTypes.JobFailed, source, severity, message)
            {
                Status = status,
                Url = url is null ? null : new Uri(url, UriKind.RelativeOrAbsolute),
                Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
            },
            Status = status,
            IsNew = isNew,
            FirstSeenAt = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero),
            Occurrences = occurrences,
            Text = text ?? $"{source}: {message}",
        };

    /// <summary>One new alert with a link, one still firing, one resolved whose link is not a web address.</summary>
    public static NotificationAlert[] Three() =>
    [
        Alert("db-1", isNew: true, url: "https://grafana.example/d/db-1?from=now-1h&to=now", severity: AlertSeverity.Critical),
        Alert("db-2", message: "Disk 91% full", severity: AlertSeverity.Warning, occurrences: 4),
        Alert("db-3", status: AlertStatus.Resolved, message: "Disk has room again", url: "javascript:alert(1)"),
    ];

    /// <summary><paramref name="count"/> firing alerts, every other one new, each line <paramref name="textLength"/> characters or its natural length.</summary>
    public static NotificationAlert[] Many(int count, int? textLength = null) =>
    [
        .. Enumerable.Range(1, count).Select(i => Alert(
            $"host-{i:D3}",
            isNew: i % 2 == 0,
            url: $"https://grafana.example/d/host-{i:D3}",
            text: textLength is { } length ? $"host-{i:D3} " + new string('x', length) : null,
            message: textLength is { } messageLength ? new string('m', messageLength) : "Disk full on /var/lib/data, 97% used")),
    ];

    /// <summary>Alerts whose events and lines hold <see cref="Hostile"/>, the lines escaped with <paramref name="escaping"/> as the renderer escapes them.</summary>
    public static NotificationAlert[] Hostiles(TemplateEscaping escaping) =>
    [
        .. Enumerable.Range(1, 3).Select(i => Alert(
            Hostile + i,
            isNew: i == 1,
            status: i == 3 ? AlertStatus.Resolved : AlertStatus.Firing,
            url: "https://grafana.example/d/x?q=\"><script>&a=<b>|c",
            message: Hostile + new string('m', 1_000_000),
            text: MessageTemplate.Escape(Hostile + i, escaping))),
    ];

    /// <summary><paramref name="notification"/> with <paramref name="alerts"/> and a group's title.</summary>
    public static Notification With(Notification notification, IReadOnlyList<NotificationAlert> alerts, string title = Title) => new()
    {
        ChannelName = notification.ChannelName,
        RuleName = notification.RuleName,
        Event = notification.Event,
        Kind = notification.Kind,
        Severity = notification.Severity,
        DedupKey = notification.DedupKey,
        Title = title,
        Message = notification.Message,
        Subject = notification.Subject,
        Body = notification.Body,
        Payload = notification.Payload,
        IncidentId = notification.IncidentId,
        Alerts = alerts,
    };
}
