using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// Builds the MIME message for a notification: addresses, a one-line subject, <c>multipart/alternative</c> with the
/// text part first and the HTML part second (a rendered <c>Body</c> template, or the default card), both without control
/// characters other than CR, LF and tab, and thread headers. Every notification of one incident references the
/// same thread id, derived from the dedup key, in <c>In-Reply-To</c> and <c>References</c>, so mail clients show the
/// trigger, repeats and the resolve as one conversation; each message's own <c>Message-Id</c> is derived from the event,
/// channel and kind, so a retried message keeps its id and clients drop the duplicate.
/// </summary>
internal sealed class EmailMessageBuilder(EmailAddresses addresses, string domain, TimeProvider time)
{
    public MimeMessage Build(Notification notification)
    {
        var message = new MimeMessage();
        addresses.AddTo(message);
        message.Subject = EmailSubject.For(notification);
        message.Date = time.GetUtcNow();
        var thread = ThreadId(notification.DedupKey);
        message.MessageId = MessageId(notification, thread);
        message.InReplyTo = thread;
        message.References.Add(thread);
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Alerting-Severity", notification.Severity.ToString().ToLowerInvariant());
        if (notification.Kind == NotificationKind.Trigger && notification.Severity == AlertSeverity.Critical)
        {
            message.Importance = MessageImportance.High;
            message.Priority = MessagePriority.Urgent;
        }

        message.Body = new BodyBuilder
        {
            TextBody = EmailCard.Text(notification),
            HtmlBody = notification.Body is { } body ? EmailText.RemoveControls(body) : EmailCard.Html(notification),
        }.ToMessageBody();
        return message;
    }

    /// <summary>The thread id of an incident: the same for every notification with this dedup key.</summary>
    public string ThreadId(string dedupKey) => $"alert.{Hash(dedupKey, 16)}@{domain}";

    /// <summary>The Message-Id domain: the configured one, else the sender's (in its ASCII form), else a reserved placeholder.</summary>
    public static string DomainFor(EmailOptions options, EmailAddresses addresses)
    {
        var domain = options.MessageIdDomain ?? addresses.FromDomain;
        try
        {
            return domain.Length == 0 ? EmailConstants.FallbackDomain : new IdnMapping().GetAscii(domain);
        }
        catch (ArgumentException)
        {
            return EmailConstants.FallbackDomain;
        }
    }

    private string MessageId(Notification notification, string thread)
    {
        var local = thread[..thread.IndexOf('@', StringComparison.Ordinal)];
        var which = string.Join('\n', notification.ChannelName, notification.Event.Id, notification.Kind.ToString());
        return $"{local}.{Hash(which, 8)}@{domain}";
    }

    private static string Hash(string text, int bytes) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, bytes));
}
