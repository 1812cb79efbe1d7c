using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// Server certificate validation: certificates that validate are accepted; one that does not is accepted only when it is
/// exactly the certificate the options pin (by thumbprint or by file). Never accept-all.
/// </summary>
internal sealed class ServerCertificateTrust
{
    private readonly string? _thumbprint;
    private readonly byte[]? _certificate;

    private ServerCertificateTrust(string? thumbprint, byte[]? certificate)
    {
        _thumbprint = thumbprint;
        _certificate = certificate;
    }

    /// <summary>The trust the options ask for, or <see langword="null"/> when they pin nothing (system validation only).</summary>
    public static ServerCertificateTrust? For(EmailOptions options)
    {
        var thumbprint = options.ServerCertificateThumbprint is { } t ? NormalizeThumbprint(t) : null;
        var certificate = options.ServerCertificateFile is { } file
            ? TryReadCertificate(file, out var problem) ?? throw new InvalidOperationException($"ServerCertificateFile: {problem}")
            : null;
        return thumbprint is null && certificate is null ? null : new ServerCertificateTrust(thumbprint, certificate);
    }

    /// <summary>Upper-case hex without separators, or <see langword="null"/> when it is not a SHA-1 or SHA-256 thumbprint.</summary>
    public static string? NormalizeThumbprint(string thumbprint)
    {
        var hex = string.Concat(thumbprint.Where(c => c is not (':' or ' ' or '-'))).ToUpperInvariant();
        return hex.Length is 40 or 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }

    /// <summary>Reads a certificate file (PEM or DER) into its DER bytes; <see langword="null"/> and the reason when it cannot.</summary>
    public static byte[]? TryReadCertificate(string path, out string? problem)
    {
        problem = null;
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problem = $"cannot be read ({ex.GetType().Name}: {ex.Message}).";
            return null;
        }

        var text = System.Text.Encoding.ASCII.GetString(content);
        if (PemEncoding.TryFind(text, out var pem))
        {
            if (!text[pem.Label].Equals("CERTIFICATE", StringComparison.Ordinal))
            {
                problem = $"holds a PEM '{text[pem.Label]}', not a CERTIFICATE.";
                return null;
            }

            content = Convert.FromBase64String(text[pem.Base64Data]);
        }

        try
        {
            using var certificate = Load(content);
            return certificate.RawData;
        }
        catch (CryptographicException)
        {
            problem = "is not an X.509 certificate in PEM or DER form.";
            return null;
        }
    }

    /// <summary>The callback MailKit calls for the server's certificate.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null)
        {
            return false;
        }

        if (_thumbprint is not null &&
            (string.Equals(certificate.GetCertHashString(), _thumbprint, StringComparison.Ordinal) ||
             string.Equals(certificate.GetCertHashString(HashAlgorithmName.SHA256), _thumbprint, StringComparison.Ordinal)))
        {
            return true;
        }

        return _certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(_certificate);
    }

    private static X509Certificate2 Load(byte[] der) =>
#if NET9_0_OR_GREATER
        X509CertificateLoader.LoadCertificate(der);
#else
        new(der);
#endif
}
