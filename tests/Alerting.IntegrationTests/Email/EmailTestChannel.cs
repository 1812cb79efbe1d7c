using Alerting.Notifiers;
using Alerting.Notifiers.Email;

namespace Alerting.IntegrationTests.Email;

/// <summary>E-mail options aimed at a test server, and notifications to send through them.</summary>
internal static class EmailTestChannel
{
    public static EmailOptions PlainOptions(SmtpTestServer server, params string[] to) => Apply(new EmailOptions(), server.Port, to);

    /// <summary>Points <paramref name="options"/> at a plain-SMTP test server on <paramref name="port"/>.</summary>
    public static EmailOptions Apply(EmailOptions options, int port, params string[] to)
    {
        options.Host = "127.0.0.1";
        options.Port = port;
        options.Security = EmailSecurity.None;
        options.AllowPlainText = true;
        options.From = "Alerting <alerts@example.com>";
        options.To = to.Length == 0 ? ["ops@example.com"] : [.. to];
        options.CommandTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public static Notification Notification(
        string title = "[ERROR] Job nightly-import failed (firing)",
        NotificationKind kind = NotificationKind.Trigger,
        AlertEvent? alertEvent = null)
    {
        alertEvent ??= new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full")
        {
            Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
        };
        return new Notification
        {
            ChannelName = "ops-email",
            Event = alertEvent,
            Kind = kind,
            Severity = alertEvent.Severity,
            DedupKey = alertEvent.EffectiveDedupKey,
            Title = title,
            Message = "Job nightly-import failed.\n" + alertEvent.Message,
        };
    }
}
