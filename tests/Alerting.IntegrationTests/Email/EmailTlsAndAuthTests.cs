using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.IntegrationTests.Email;

/// <summary>STARTTLS and implicit TLS with a self-signed certificate made by the test, and AUTH PLAIN and LOGIN.</summary>
[TestFixture]
public sealed class EmailTlsAndAuthTests
{
    private const string UserName = "alerts";
    private const string Password = "s3cret-Pa55word";
    private string _directory = null!;
    private TestCertificate _certificate = null!;
    private SmtpTestServer _server = null!;

    [OneTimeSetUp]
    public async Task OneTimeSetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "alerting-tls-" + Guid.NewGuid().ToString("N"));
        _certificate = TestCertificate.Create(_directory);
        _server = await SmtpTestServer.StartAsync(ServerOptions());
    }

    [OneTimeTearDown]
    public void OneTimeTearDown()
    {
        _server.Dispose();
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A server with the test certificate (STARTTLS) and the test user.</summary>
    private SmtpTestServerOptions ServerOptions() => new() { Certificate = _certificate, UserName = UserName, Password = Password };

    private EmailOptions Options(SmtpTestServer server, EmailSecurity security = EmailSecurity.StartTls, bool trust = true, string password = Password)
    {
        var options = EmailTestChannel.PlainOptions(server);
        options.Security = security;
        options.AllowPlainText = false;
        options.ServerCertificateFile = trust ? _certificate.CertificatePath : null;
        options.UserName = UserName;
        options.Password = password;
        return options;
    }

    [Test]
    public async Task SendAsync_StartTlsTrustingTheCertificateFile_DeliversOverTlsWithAuthPlainAndLogsNoSecret()
    {
        var logs = new FakeLogCollector();
        using var loggerFactory = new LoggerFactory([new FakeLoggerProvider(logs)], new LoggerFilterOptions { MinLevel = LogLevel.Trace });
        var before = _server.Received().Count;
        DeliveryResult result;
        await using (var sut = new EmailNotifier(Options(_server), loggerFactory: loggerFactory))
        {
            result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);
        }

        var mail = _server.Received()[before];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(mail.Tls, Is.True);
            Assert.That(mail.User, Is.EqualTo(UserName));
            Assert.That(_server.Logins, Does.Contain($"PLAIN {UserName}"));
            Assert.That(logs.GetSnapshot().Select(l => l.Message), Has.Some.StartsWith("Opened an SMTP connection to 127.0.0.1").And.None.Contains(Password));
        }
    }

    [Test]
    public async Task SendAsync_StartTlsTrustingTheThumbprint_Delivers()
    {
        var options = Options(_server, trust: false);
        options.ServerCertificateThumbprint = _certificate.Sha256Thumbprint;
        await using var sut = new EmailNotifier(options);

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        Assert.That(result.IsDelivered, Is.True, result.Reason);
    }

    [Test]
    public async Task SendAsync_SelfSignedCertificateNotTrusted_FailsPermanentlyWithoutSending()
    {
        await using var sut = new EmailNotifier(Options(_server, trust: false));
        var before = _server.Received().Count;

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.StartWith("TLS with 127.0.0.1 failed"));
            Assert.That(_server.Received(), Has.Count.EqualTo(before));
        }
    }

    [Test]
    public async Task SendAsync_WrongPassword_FailsPermanentlyWithTheReplyAndWithoutThePassword()
    {
        await using var sut = new EmailNotifier(Options(_server, password: "wrong-Pa55word"));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.StartWith("The SMTP server refused the credentials").And.Contains("535"));
            Assert.That(result.Reason, Does.Not.Contain("Pa55word"));
        }
    }

    [Test]
    public async Task SendAsync_ServerOfferingOnlyAuthLogin_AuthenticatesWithLogin()
    {
        using var server = await SmtpTestServer.StartAsync(ServerOptions() with { ExcludedMechanisms = ["PLAIN"] });
        await using var sut = new EmailNotifier(Options(server));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(server.Logins, Is.EqualTo(new[] { $"LOGIN {UserName}" }));
            Assert.That(server.Received().Single().Tls, Is.True);
        }
    }

    [Test]
    public async Task SendAsync_ImplicitTls_Delivers()
    {
        using var server = await SmtpTestServer.StartAsync(ServerOptions() with { ImplicitTls = true });
        await using var sut = new EmailNotifier(Options(server, EmailSecurity.SslOnConnect));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(server.Received().Single().Tls, Is.True);
            Assert.That(server.Logins, Has.Count.EqualTo(1));
        }
    }
}
