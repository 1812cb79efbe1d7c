using System.Text;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// The subject line of a notification: its subject (or title) on one line, marked when it resolves, acknowledges or
/// tests. MimeKit deletes CR and LF from header values, which would glue words together; they become spaces here first.
/// </summary>
internal static class EmailSubject
{
    public static string For(Notification notification)
    {
        var subject = OneLine(notification.Subject ?? notification.Title);
        var mark = Mark(notification.Kind);

        // The default titles of resolved events already end in "(resolved)": mark only subjects that do not say so.
        return mark is null || subject.Contains(mark, StringComparison.OrdinalIgnoreCase) ? subject : $"[{mark}] {subject}";
    }

    /// <summary>The word that marks a notification that is not a plain trigger, or <see langword="null"/> for a trigger.</summary>
    public static string? Mark(NotificationKind kind) => kind switch
    {
        NotificationKind.Resolve => "RESOLVED",
        NotificationKind.Acknowledge => "ACKNOWLEDGED",
        NotificationKind.Test => "TEST",
        NotificationKind.Update => "UPDATE",
        _ => null,
    };

    /// <summary>Line breaks, tabs and other control characters become single spaces; the ends are trimmed.</summary>
    public static string OneLine(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001F') && !text.AsSpan().ContainsAnyInRange('\u007F', '\u009F'))
        {
            return text.Trim();
        }

        var line = new StringBuilder(text.Length);
        var previousWasBreak = false;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                if (!previousWasBreak)
                {
                    line.Append(' ');
                }

                previousWasBreak = true;
            }
            else
            {
                line.Append(c);
                previousWasBreak = false;
            }
        }

        return line.ToString().Trim();
    }
}
