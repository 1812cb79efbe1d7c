using MailKit.Net.Smtp;
using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// An <see cref="SmtpClient"/> that goes on when the server refuses some recipients, so the others still get the message,
/// and records who was refused. When it refuses every recipient the send fails with the most hopeful reply (a 4xx if any).
/// </summary>
internal sealed class RecipientTolerantSmtpClient : SmtpClient
{
    private readonly List<RecipientRejection> _rejected = [];

    /// <summary>Gets the recipients refused while sending the last message.</summary>
    public IReadOnlyList<RecipientRejection> Rejected => _rejected;

    /// <summary>Gets the number of recipients of the last message.</summary>
    public int RecipientCount { get; private set; }

    /// <summary>Gets or sets when the connection last finished a message, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long LastUsed { get; set; }

    /// <summary>Sends <paramref name="message"/>, recording refused recipients in <see cref="Rejected"/>.</summary>
    public Task SendRecordingRejectionsAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        _rejected.Clear();
        RecipientCount = message.To.Count + message.Cc.Count + message.Bcc.Count;
        return SendAsync(message, cancellationToken);
    }

    protected override void OnRecipientNotAccepted(MimeMessage message, MailboxAddress mailbox, SmtpResponse response) =>
        _rejected.Add(new RecipientRejection(mailbox.Address, response.StatusCode, response.Response));

    protected override void OnNoRecipientsAccepted(MimeMessage message)
    {
        var retryable = _rejected.Find(r => r.IsTransient);
        var reply = retryable.Address is null ? _rejected[^1] : retryable;
        throw new SmtpCommandException(
            SmtpErrorCode.RecipientNotAccepted,
            reply.StatusCode,
            $"Every recipient was refused: {string.Join("; ", _rejected)}");
    }
}
