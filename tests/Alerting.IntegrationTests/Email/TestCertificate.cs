using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Alerting.IntegrationTests.Email;

/// <summary>
/// A self-signed server certificate for 127.0.0.1 and localhost: the test SMTP server presents <see cref="Certificate"/>,
/// clients trust it through the PEM file at <see cref="CertificatePath"/> or its thumbprint.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string certificatePath)
    {
        Certificate = certificate;
        CertificatePath = certificatePath;
    }

    /// <summary>Gets the certificate with its private key, loaded from PKCS#12 so SslStream can use the key on every platform.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePath { get; }

    public string Sha256Thumbprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public static TestCertificate Create(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=alerting-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        // CreateSelfSigned leaves an ephemeral key, which SslStream cannot serve with on Windows; a PKCS#12 round trip fixes that.
        var certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
        Directory.CreateDirectory(directory);
        var certificatePath = Path.Combine(directory, "server.crt.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return new TestCertificate(certificate, certificatePath);
    }

    public void Dispose() => Certificate.Dispose();
}
