using MailKit.Net.Smtp;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>A recipient the server refused at <c>RCPT TO</c>, with its reply.</summary>
internal readonly record struct RecipientRejection(string Address, SmtpStatusCode StatusCode, string Response)
{
    public bool IsTransient => (int)StatusCode is >= 400 and < 500;

    public override string ToString() => $"{Address}: {(int)StatusCode} {Response}";
}
