using Alerting.Notifiers;
using Alerting.Notifiers.Email.Internal;
using MailKit.Net.Smtp;

namespace Alerting.Tests.Notifiers.Email;

[TestFixture]
public sealed class SmtpTransportTests
{
    [TestCase(SmtpStatusCode.ServiceNotAvailable)]
    [TestCase(SmtpStatusCode.MailboxBusy)]
    [TestCase(SmtpStatusCode.ErrorInProcessing)]
    [TestCase(SmtpStatusCode.InsufficientStorage)]
    [TestCase(SmtpStatusCode.TemporaryAuthenticationFailure)]
    public void FromReply_4xx_IsTransientWithTheReply(SmtpStatusCode status)
    {
        var result = SmtpTransport.FromReply(status, "4.7.1 try again later");

        Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
        Assert.That(result.Reason, Is.EqualTo($"SMTP {(int)status} {status}: 4.7.1 try again later"));
    }

    [TestCase(SmtpStatusCode.AuthenticationRequired)]
    [TestCase(SmtpStatusCode.AuthenticationInvalidCredentials)]
    [TestCase(SmtpStatusCode.MailboxUnavailable)]
    [TestCase(SmtpStatusCode.ExceededStorageAllocation)]
    [TestCase(SmtpStatusCode.MailboxNameNotAllowed)]
    [TestCase(SmtpStatusCode.TransactionFailed)]
    public void FromReply_5xx_IsPermanentWithTheReply(SmtpStatusCode status)
    {
        var result = SmtpTransport.FromReply(status, "5.7.1 relay denied");

        Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
        Assert.That(result.Reason, Does.EndWith(": 5.7.1 relay denied"));
    }
}
