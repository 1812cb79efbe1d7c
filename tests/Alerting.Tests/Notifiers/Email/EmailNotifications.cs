using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Notifiers.Email;

/// <summary>Rendered notifications as the e-mail channel receives them.</summary>
internal static class EmailNotifications
{
    public static Notification Trigger(
        string title = "[ERROR] Job nightly-import failed (firing)",
        string message = "Job nightly-import failed.\nDisk full",
        AlertEvent? alertEvent = null,
        NotificationKind kind = NotificationKind.Trigger,
        string? subject = null,
        string? body = null,
        string dedupKey = "job.failed:nightly-import") => new()
        {
            ChannelName = "ops-email",
            RuleName = "failures",
            Event = alertEvent ?? Some.Event(),
            Kind = kind,
            Severity = (alertEvent ?? Some.Event()).Severity,
            DedupKey = dedupKey,
            Title = title,
            Message = message,
            Subject = subject,
            Body = body,
        };
}
