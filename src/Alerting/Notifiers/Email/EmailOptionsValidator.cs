using System.Buffers;
using Alerting.Notifiers.Email.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Email;

/// <summary>
/// Checks an e-mail channel's options as a whole and reports every problem at once: each bad address by field and
/// value, the server or pickup folder, the security mode, the trusted certificate and the timeouts. Never echoes the password.
/// </summary>
internal sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    private static readonly SearchValues<char> s_notInDomain = SearchValues.Create("@<>()[]\\\"\r\n\t ");

    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        ValidateAddresses(options, errors);
        if (string.IsNullOrWhiteSpace(options.Host) == string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            errors.Add("Set either Host (send through an SMTP server) or PickupDirectory (write .eml files), not both and not neither.");
        }

        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            ValidateServer(options, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateAddresses(EmailOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.From))
        {
            errors.Add("From is required: the sender's address, as ops@example.com or \"Alerts <ops@example.com>\".");
        }
        else if (!EmailAddresses.TryParse(options.From, out _))
        {
            errors.Add($"From: '{EscapeLineBreaks(options.From)}' is not a valid e-mail address.");
        }

        foreach (var (field, list) in new[] { ("To", options.To), ("Cc", options.Cc), ("Bcc", options.Bcc) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (!EmailAddresses.TryParse(list[i], out _))
                {
                    errors.Add($"{field}[{i}]: '{EscapeLineBreaks(list[i])}' is not a valid e-mail address (one address per entry).");
                }
            }
        }

        if (options.To.Count + options.Cc.Count + options.Bcc.Count == 0)
        {
            errors.Add("To, Cc and Bcc are all empty: give at least one recipient.");
        }

        if (options.MessageIdDomain is { } domain && (domain.Length == 0 || domain.AsSpan().ContainsAny(s_notInDomain)))
        {
            errors.Add($"MessageIdDomain: '{EscapeLineBreaks(domain)}' is not a domain name.");
        }
    }

    private static void ValidateServer(EmailOptions options, List<string> errors)
    {
        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"Port {options.Port} is not between 1 and 65535 (0 picks the default for the security mode).");
        }

        if (!Enum.IsDefined(options.Security))
        {
            errors.Add($"Security '{options.Security}' is not one of StartTls, SslOnConnect, None.");
        }
        else if (options.Security == EmailSecurity.None && !options.AllowPlainText)
        {
            errors.Add("Security None sends alerts (and any credentials) in plain text: set AllowPlainText to true as well to allow it, for a local relay or test server only.");
        }

        if (options.Password is not null && string.IsNullOrEmpty(options.UserName))
        {
            errors.Add("Password is set but UserName is not.");
        }

        if (options.ServerCertificateThumbprint is { } thumbprint && ServerCertificateTrust.NormalizeThumbprint(thumbprint) is null)
        {
            errors.Add($"ServerCertificateThumbprint '{EscapeLineBreaks(thumbprint)}' is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint.");
        }

        if (options.ServerCertificateFile is { } file && ServerCertificateTrust.TryReadCertificate(file, out var problem) is null)
        {
            errors.Add($"ServerCertificateFile '{file}': {problem}");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            errors.Add($"CommandTimeout {options.CommandTimeout} must be positive.");
        }

        if (options.ConnectionIdleTimeout <= TimeSpan.Zero)
        {
            errors.Add($"ConnectionIdleTimeout {options.ConnectionIdleTimeout} must be positive.");
        }
    }

    /// <summary>A configured value as an error message shows it: line breaks visible, so they cannot forge extra lines.</summary>
    private static string EscapeLineBreaks(string value) => value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
