using System.Globalization;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// Sends messages over pooled SMTP connections and turns what happened into a <see cref="DeliveryResult"/>: 4xx replies
/// and I/O errors are transient (the channel retries them), 5xx replies, refused credentials and untrusted certificates
/// are permanent; each failure carries the server's reply.
/// </summary>
internal sealed class SmtpTransport(EmailOptions options, TimeProvider time, ILogger logger) : IEmailTransport
{
    private readonly SmtpConnectionPool _pool = new(options, time, logger);

    /// <summary>Gets how many connections this channel has opened.</summary>
    public int ConnectionsOpened => _pool.ConnectionsOpened;

    public async ValueTask<DeliveryResult> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        RecipientTolerantSmtpClient? client = null;
        try
        {
            client = await _pool.RentAsync(cancellationToken).ConfigureAwait(false);
            await client.SendRecordingRejectionsAsync(message, cancellationToken).ConfigureAwait(false);
            var rejected = client.Rejected.Count == 0 ? null : PartlyDelivered(client);
            _pool.Return(client);
            client = null;
            return rejected ?? DeliveryResult.Delivered();
        }
        catch (SmtpCommandException ex)
        {
            // The server refused a command; the connection stays usable unless it is closing (421).
            if (ex.StatusCode != SmtpStatusCode.ServiceNotAvailable && client is not null)
            {
                _pool.Return(client);
                client = null;
            }

            return FromReply(ex.StatusCode, ex.Message);
        }
        catch (AuthenticationException ex)
        {
            return DeliveryResult.Permanent($"The SMTP server refused the credentials: {ex.Message}");
        }
        catch (SslHandshakeException ex)
        {
            return DeliveryResult.Permanent($"TLS with {options.Host} failed (untrusted certificate or wrong Security mode): {ex.Message}");
        }
        catch (NotSupportedException ex)
        {
            // StartTls without STARTTLS on offer, or credentials for a server without AUTH: configuration, not luck.
            return DeliveryResult.Permanent($"The SMTP server at {options.Host} cannot do what the channel asks: {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or TimeoutException)
        {
            return DeliveryResult.Transient($"SMTP connection to {options.Host} failed: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            if (client is not null)
            {
                _pool.Discard(client, "failed");
            }
        }
    }

    public ValueTask DisposeAsync() => _pool.DisposeAsync();

    /// <summary>4xx (greylisting, throttling, a busy mailbox) is worth retrying; 5xx is not.</summary>
    internal static DeliveryResult FromReply(SmtpStatusCode status, string reply)
    {
        var reason = string.Create(CultureInfo.InvariantCulture, $"SMTP {(int)status} {status}: {reply}");
        return (int)status is >= 400 and < 500 ? DeliveryResult.Transient(reason) : DeliveryResult.Permanent(reason);
    }

    /// <summary>
    /// Some recipients were refused and the rest got the message. Reported as a permanent failure naming the refused ones:
    /// retrying would send the message to the others again.
    /// </summary>
    private static DeliveryResult PartlyDelivered(RecipientTolerantSmtpClient client) =>
        DeliveryResult.Permanent(string.Create(
            CultureInfo.InvariantCulture,
            $"The SMTP server refused {client.Rejected.Count} of {client.RecipientCount} recipients (the others got the message): {string.Join("; ", client.Rejected)}"));
}
