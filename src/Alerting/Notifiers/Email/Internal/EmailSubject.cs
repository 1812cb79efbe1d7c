using System.Text;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// The subject line of a notification: its subject (or title) on one line, marked when it resolves, acknowledges or
/// tests. Control characters are removed as in the body; MimeKit deletes CR and LF from header values, which would glue
/// words together, so they (and tabs) become spaces here first.
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

    /// <summary>
    /// Control characters are removed as on every channel (<see cref="EmailText.RemoveControls"/>); the line breaks and
    /// tabs that keep their meaning in a body become single spaces here; the ends are trimmed.
    /// </summary>
    public static string OneLine(string text)
    {
        text = EmailText.RemoveControls(text);
        if (!text.AsSpan().ContainsAny('\r', '\n', '\t'))
        {
            return text.Trim();
        }

        var line = new StringBuilder(text.Length);
        var previousWasBreak = false;
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t')
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
