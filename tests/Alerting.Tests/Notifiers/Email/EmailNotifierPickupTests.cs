using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Alerting.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Alerting.Tests.Notifiers.Email;

/// <summary>The pickup folder, and through it everything about the message the channel builds.</summary>
[TestFixture]
public sealed partial class EmailNotifierPickupTests
{
    private string _folder = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "alerting-pickup-" + Guid.NewGuid().ToString("N"), "nested");
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 12, 30, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown()
    {
        var root = Path.GetDirectoryName(_folder)!;
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private EmailNotifier CreateSut(Action<EmailOptions>? configure = null)
    {
        var options = new EmailOptions
        {
            PickupDirectory = _folder,
            From = "Überwachung <alerts@example.com>",
            To = ["ops@example.com", "Ops Lead <lead@example.com>"],
            Cc = ["audit@example.com"],
        };
        configure?.Invoke(options);
        return new EmailNotifier(options, _time);
    }

    /// <summary>Sends one notification and reads back the one file it wrote.</summary>
    private async Task<(MimeMessage Message, string Raw)> SendAndReadAsync(Notification notification, EmailNotifier? sut = null)
    {
        sut ??= CreateSut();
        var before = Directory.Exists(_folder) ? Directory.GetFiles(_folder) : [];
        var result = await sut.SendAsync(notification, CancellationToken.None);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        var file = Directory.GetFiles(_folder).Except(before).Single();
        return (await MimeMessage.LoadAsync(file), await File.ReadAllTextAsync(file));
    }

    [Test]
    public async Task SendAsync_PickupDirectory_WritesOneCompleteEmlAndNoTemporaryFile()
    {
        var sut = CreateSut();

        var result = await sut.SendAsync(EmailNotifications.Trigger(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(sut.PickupDirectory, Is.EqualTo(Path.GetFullPath(_folder)));
            Assert.That(Directory.GetFiles(_folder), Has.Length.EqualTo(1).And.All.Match(@"20261122T091230Z-[0-9a-f]{32}\.eml$"));
            var raw = await File.ReadAllTextAsync(Directory.GetFiles(_folder)[0]);
            Assert.That(raw, Does.Contain("\r\n").And.Not.Match("[^\r]\n"), "CRLF line ends, as on the wire");
            Assert.That(raw, Does.Contain("Date: Sun, 22 Nov 2026 09:12:30 +0000"));
        }
    }

    [Test]
    public async Task SendAsync_Message_IsMultipartAlternativeWithTextThenHtml()
    {
        var (message, _) = await SendAndReadAsync(EmailNotifications.Trigger());

        var body = message.Body as MultipartAlternative;
        Assert.That(body, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body!.Select(p => p.ContentType.MimeType), Is.EqualTo(new[] { "text/plain", "text/html" }));
            Assert.That(body.Select(p => p.ContentType.Charset), Is.All.EqualTo("utf-8"));
            Assert.That(message.TextBody?.ReplaceLineEndings("\n"), Does.StartWith("[ERROR] Job nightly-import failed (firing)\n\nJob nightly-import failed.\nDisk full\n\nStatus: firing\nSource: nightly-import"));
            Assert.That(message.HtmlBody, Does.Contain("#dc2626").And.Contains("nightly-import").And.Contains("2026-11-22 09:12:00 UTC"));
            Assert.That(message.HtmlBody, Does.Not.Contain("src=").And.Not.Contain("<script").And.Not.Contain("<link"), "no external resources");
            Assert.That(message.From.Mailboxes.Single().Name, Is.EqualTo("Überwachung"));
            Assert.That(message.To.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "ops@example.com", "lead@example.com" }));
            Assert.That(message.Cc.Mailboxes.Select(m => m.Address), Is.EqualTo(new[] { "audit@example.com" }));
            Assert.That(message.Headers["Auto-Submitted"], Is.EqualTo("auto-generated"));
        }
    }

    [Test]
    public async Task SendAsync_HostileEventValues_AreEscapedInTheHtmlPart()
    {
        var hostile = Some.Event(
            source: "<img src=x onerror=alert(1)>",
            message: "\"><script>alert('x')</script>",
            attributes: new Dictionary<string, object?> { ["<b>key</b>"] = "</td></tr></table><script>steal()</script>", ["quote"] = "it's \"quoted\" & more" });
        var notification = EmailNotifications.Trigger(title: "<script>alert(1)</script> failed", message: "Line 1 <b>bold</b>\nLine 2", alertEvent: hostile);

        var (message, _) = await SendAndReadAsync(notification);

        var html = message.HtmlBody;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<img").And.Not.Contain("<b>"));
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt; failed"));
            Assert.That(html, Does.Contain("&lt;img src=x onerror=alert(1)&gt;"));
            Assert.That(html, Does.Contain("&lt;b&gt;key&lt;/b&gt;").And.Contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;&lt;script&gt;steal()&lt;/script&gt;"));
            Assert.That(html, Does.Contain("it&#39;s &quot;quoted&quot; &amp; more"));
            Assert.That(html, Does.Contain("Line 1 &lt;b&gt;bold&lt;/b&gt;<br>"));
            Assert.That(message.TextBody, Does.Contain("<b>key</b>: </td></tr></table><script>steal()</script>"), "the text part is plain text, as sent");
        }
    }

    [Test]
    public async Task SendAsync_NonAsciiSubject_IsEncodedOnTheWireAndDecodesBack()
    {
        var (message, raw) = await SendAndReadAsync(EmailNotifications.Trigger(title: "Ünïcödé job 🚨 failed\r\nBcc: victim@example.net"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Subject, Is.EqualTo("Ünïcödé job 🚨 failed Bcc: victim@example.net"));
            Assert.That(raw, Does.Match(@"\r\nSubject: =\?utf-8\?[bBqQ]\?"));
            Assert.That(raw, Does.Contain("From: =?utf-8?"));
            Assert.That(message.Bcc, Is.Empty);
            Assert.That(raw.Split("\r\n\r\n")[0].Split("\r\n"), Has.None.StartsWith("Bcc:"));
        }
    }

    [Test]
    public async Task SendAsync_BodyTemplateRendered_IsTheHtmlPart()
    {
        var (message, _) = await SendAndReadAsync(EmailNotifications.Trigger(body: "<p>Custom &amp; rendered</p>"));

        Assert.That(message.HtmlBody, Is.EqualTo("<p>Custom &amp; rendered</p>"));
    }

    [Test]
    public async Task SendAsync_ResolveAfterTrigger_ThreadsOnTheDedupKey()
    {
        var sut = CreateSut();
        var (trigger, _) = await SendAndReadAsync(EmailNotifications.Trigger(title: "Import failed"), sut);
        var (resolve, _) = await SendAndReadAsync(EmailNotifications.Trigger(title: "Import failed", kind: NotificationKind.Resolve, alertEvent: Some.Event(status: AlertStatus.Resolved)), sut);
        var (other, _) = await SendAndReadAsync(EmailNotifications.Trigger(dedupKey: "job.failed:other"), sut);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolve.Subject, Is.EqualTo("[RESOLVED] Import failed"));
            Assert.That(resolve.HtmlBody, Does.Contain("RESOLVED").And.Contains("#15803d"));
            Assert.That(trigger.InReplyTo, Does.Match(@"^alert\.[0-9A-F]{32}@example\.com$"));
            Assert.That(resolve.InReplyTo, Is.EqualTo(trigger.InReplyTo));
            Assert.That(resolve.References, Is.EqualTo(new[] { trigger.InReplyTo }));
            Assert.That(resolve.MessageId, Is.Not.EqualTo(trigger.MessageId));
            Assert.That(other.InReplyTo, Is.Not.EqualTo(trigger.InReplyTo));
        }
    }

    [Test]
    public async Task SendAsync_SameNotificationAgain_KeepsItsMessageId()
    {
        var sut = CreateSut(o => o.MessageIdDomain = "alerts.example.org");
        var notification = EmailNotifications.Trigger();

        var (first, _) = await SendAndReadAsync(notification, sut);
        var (retried, _) = await SendAndReadAsync(notification, sut);

        Assert.That(retried.MessageId, Is.EqualTo(first.MessageId).And.EndsWith("@alerts.example.org"));
    }

    [Test]
    public async Task SendAsync_CriticalTrigger_IsMarkedUrgent()
    {
        var (message, _) = await SendAndReadAsync(EmailNotifications.Trigger(alertEvent: Some.Event(severity: AlertSeverity.Critical)));

        Assert.That(message.Importance, Is.EqualTo(MessageImportance.High));
    }

    [Test]
    public async Task SendAsync_Cancelled_ThrowsAndLeavesNoFile()
    {
        var sut = CreateSut();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.That(async () => await sut.SendAsync(EmailNotifications.Trigger(), cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Directory.Exists(_folder) ? Directory.GetFiles(_folder) : [], Is.Empty);
    }

    [Test]
    public async Task SendAsync_PickupPathIsAFile_FailsTransientlyWithTheReason()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        await File.WriteAllTextAsync(_folder, "not a folder");

        var result = await CreateSut().SendAsync(EmailNotifications.Trigger(), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
        Assert.That(result.Reason, Does.StartWith("Could not write to the pickup directory"));
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsNamingTheProblem() =>
        Assert.That(
            () => CreateSut(o => o.To = ["not an address"]),
            Throws.TypeOf<Microsoft.Extensions.Options.OptionsValidationException>().With.Message.Contains("To[0]: 'not an address'"));
}
