using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>Where built messages go: an SMTP server or a pickup folder.</summary>
internal interface IEmailTransport : IAsyncDisposable
{
    ValueTask<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}
