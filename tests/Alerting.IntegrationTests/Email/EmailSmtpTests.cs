using Alerting.Dispatch;
using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Alerting.IntegrationTests.Email;

/// <summary>The e-mail channel against a real SMTP server (SmtpServer, in-process) over plain SMTP on loopback.</summary>
[TestFixture]
public sealed class EmailSmtpTests
{
    private SmtpTestServer _server = null!;

    [SetUp]
    public async Task SetUp() => _server = await SmtpTestServer.StartAsync();

    [TearDown]
    public void TearDown() => _server.Dispose();

    [Test]
    public async Task SendAsync_PlainSmtp_ServerReceivesWellFormedMultipartMessage()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server, "ops@example.com", "Ops Lead <lead@example.com>"));
        var alertEvent = new AlertEvent(AlertEventTypes.JobFailed, "import <eu>", AlertSeverity.Critical, "Disk \"full\" & <b>loud</b>")
        {
            Attributes = new Dictionary<string, object?> { ["region"] = "<script>alert('eu')</script>" },
        };

        var result = await sut.SendAsync(EmailTestChannel.Notification("Ünïcödé 🚨 import failed\r\nBcc: victim@example.net", alertEvent: alertEvent), CancellationToken.None);

        Assert.That(result.IsDelivered, Is.True, result.Reason);
        var mail = _server.Received().Single();
        var message = mail.Message;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mail.MailFrom, Is.EqualTo("alerts@example.com"));
            Assert.That(mail.Recipients, Is.EqualTo(new[] { "ops@example.com", "lead@example.com" }));
            Assert.That(message.Subject, Is.EqualTo("Ünïcödé 🚨 import failed Bcc: victim@example.net"));
            Assert.That(mail.Raw, Does.Match(@"\nSubject: =\?utf-8\?[bBqQ]\?"));
            Assert.That(message.Body, Is.TypeOf<MultipartAlternative>());
            Assert.That(((Multipart)message.Body!).Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "text/html" }));
            Assert.That(message.HtmlBody, Does.Contain("import &lt;eu&gt;").And.Contains("&lt;script&gt;alert(&#39;eu&#39;)&lt;/script&gt;").And.Not.Contain("<script"));
            Assert.That(message.TextBody, Does.Contain("region: <script>alert('eu')</script>"));
            Assert.That(message.MessageId, Does.EndWith("@example.com"));
            Assert.That(message.InReplyTo, Is.Not.Empty);
            Assert.That(message.References, Is.EqualTo(new[] { message.InReplyTo }));
            Assert.That(message.Importance, Is.EqualTo(MessageImportance.High));
        }
    }

    [Test]
    public async Task SendAsync_NonAsciiDisplayNameAndDomain_AreEncodedForAServerWithoutSmtpUtf8()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server, "Jürgen Müller <ops@bücher.example>"));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        var mail = _server.Received().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(mail.Recipients, Is.EqualTo(new[] { "ops@xn--bcher-kva.example" }));
            Assert.That(mail.Raw, Does.Match(@"\nTo: =\?utf-8\?[bBqQ]\?.*<ops@xn--bcher-kva\.example>"));
            Assert.That(mail.Message.To.Mailboxes.Single().Name, Is.EqualTo("Jürgen Müller"));
        }
    }

    [Test]
    public async Task SendAsync_BccRecipient_GetsTheMessageWithoutABccHeader()
    {
        var options = EmailTestChannel.PlainOptions(_server);
        options.Bcc = ["hidden@example.com"];
        await using var sut = new EmailNotifier(options);

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        var mail = _server.Received().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(mail.Recipients, Is.EqualTo(new[] { "ops@example.com", "hidden@example.com" }));
            Assert.That(mail.Message.Bcc, Is.Empty);
        }
    }

    [Test]
    public async Task SendAsync_OneRecipientRejectedWith550_OthersGetItAndTheRejectionIsReported()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server, "ops@example.com", "reject-me@example.com", "team@example.com"));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain("refused 1 of 3 recipients").And.Contains("reject-me@example.com: 550").And.Contains("mailbox unavailable"));
            Assert.That(_server.Received().Single().Recipients, Is.EqualTo(new[] { "ops@example.com", "team@example.com" }));
        }
    }

    [Test]
    public async Task SendAsync_EveryRecipientRejectedWith550_IsPermanentWithTheServerReply()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server, "reject-a@example.com", "reject-b@example.com"));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.StartWith("SMTP 550 MailboxUnavailable").And.Contains("reject-a@example.com").And.Contains("reject-b@example.com"));
            Assert.That(_server.Received(), Is.Empty);
        }
    }

    [Test]
    public async Task SendAsync_451AfterData_IsTransientAndTheRetryReusesTheConnectionAndMessageId()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server, "tempfail@example.com"));
        var notification = EmailTestChannel.Notification();

        var first = await sut.SendAsync(notification, CancellationToken.None);
        var second = await sut.SendAsync(notification, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(first.Reason, Does.StartWith("SMTP 451 ErrorInProcessing").And.Contains("Temporary failure"));
            Assert.That(second.IsDelivered, Is.True, second.Reason);
            Assert.That(_server.Received(), Has.Count.EqualTo(1));
            Assert.That(_server.Connections, Is.EqualTo(1));
            Assert.That(sut.ConnectionsOpened, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_GreylistedWith451_IsRetriedWithBackoffAndDelivered()
    {
        var services = new ServiceCollection();
        services.AddAlerting(alerting => alerting
            .AddEmail("ops-email", o => EmailTestChannel.Apply(o, _server.Port, "greylist@example.com"))
            .ConfigureChannel("ops-email", c => c.Retry = new DeliveryRetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(50) })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops-email")));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(
            new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full"));

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(_server.Received().Single().Recipients, Is.EqualTo(new[] { "greylist@example.com" }));
        }
    }

    [Test]
    public async Task SendAsync_ResolveAfterTrigger_ArrivesMarkedResolvedInTheSameThread()
    {
        await using var sut = new EmailNotifier(EmailTestChannel.PlainOptions(_server));
        var trigger = EmailTestChannel.Notification("Import failed");
        var resolve = EmailTestChannel.Notification("Import failed", NotificationKind.Resolve, trigger.Event.ToResolved("Back to normal"));

        await sut.SendAsync(trigger, CancellationToken.None);
        await sut.SendAsync(resolve, CancellationToken.None);

        var received = _server.Received();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Select(m => m.Message.Subject), Is.EqualTo(new[] { "Import failed", "[RESOLVED] Import failed" }));
            Assert.That(received[1].Message.InReplyTo, Is.EqualTo(received[0].Message.InReplyTo));
            Assert.That(received[1].Message.References, Is.EqualTo(received[0].Message.References));
            Assert.That(received[1].Message.MessageId, Is.Not.EqualTo(received[0].Message.MessageId));
        }
    }

    [TestCase(15, 1, TestName = "SendAsync_IdleShorterThanTheTimeout_ProbesAndReusesTheConnection")]
    [TestCase(31, 2, TestName = "SendAsync_IdleLongerThanTheTimeout_ClosesTheConnectionAndOpensANewOne")]
    public async Task SendAsync_AfterIdling_ReusesOrReplacesTheConnection(int idleSeconds, int connections)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = EmailTestChannel.PlainOptions(_server);
        options.ConnectionIdleTimeout = TimeSpan.FromSeconds(30);
        await using var sut = new EmailNotifier(options, time);

        await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);
        await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(idleSeconds));
        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(sut.ConnectionsOpened, Is.EqualTo(connections));
            Assert.That(_server.Connections, Is.EqualTo(connections));
            Assert.That(_server.Received(), Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task SendAsync_ServerGone_IsTransient()
    {
        int port;
        using (var gone = await SmtpTestServer.StartAsync())
        {
            port = gone.Port;
        }

        await using var sut = new EmailNotifier(EmailTestChannel.Apply(new EmailOptions(), port));

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
        Assert.That(result.Reason, Does.StartWith("SMTP connection to 127.0.0.1 failed: SocketException"));
    }

    [Test]
    public async Task SendAsync_StartTlsAgainstAServerWithoutIt_FailsPermanentlyInsteadOfFallingBackToPlainText()
    {
        var options = EmailTestChannel.PlainOptions(_server);
        options.Security = EmailSecurity.StartTls;
        await using var sut = new EmailNotifier(options);

        var result = await sut.SendAsync(EmailTestChannel.Notification(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain("STARTTLS"));
            Assert.That(_server.Received(), Is.Empty);
        }
    }
}
