using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Alerting.Tests.Notifiers.Email;
using Alerting.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15: the e-mail text and HTML parts kept NUL, BEL, ESC, DEL and U+0085, which every other channel removes. The
/// subject and both parts now follow the same rule: control characters other than CR, LF and tab are removed; line ends
/// stay line ends in the bodies.
/// </summary>
[TestFixture]
public sealed class EmailControlCharactersTests_15
{
    private const string Controls = "\0\u0007\u001B\u007F\u0085\u009F";

    private string _folder = null!;

    [SetUp]
    public void SetUp() =>
        _folder = Path.Combine(Path.GetTempPath(), "alerting-issue15-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public async Task SendAsync_DefaultCardWithControlCharacters_SubjectTextAndHtmlHoldNoneAndKeepLineBreaks()
    {
        var e = Some.Event(
            source: $"db{Controls}-1",
            message: "ignored",
            environment: $"prod{Controls}",
            attributes: new Dictionary<string, object?> { [$"re{Controls}gion"] = $"eu{Controls}-west", ["rows"] = 42 });
        var notification = EmailNotifications.Trigger(
            title: $"Disk{Controls} full\u0085on db-1",
            message: $"Line\0 1\r\nLine\u001B 2\u0085\n\tindented{Controls}",
            alertEvent: e);

        var message = await SendAndLoadAsync(notification);

        var text = message.TextBody!;
        var html = message.HtmlBody!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.Subject, Is.EqualTo("Disk fullon db-1"));
            AssertNoControls(text, "the text part");
            AssertNoControls(html, "the HTML part");
            Assert.That(text.ReplaceLineEndings("\n"), Does.StartWith("Disk fullon db-1\n\nLine 1\nLine 2\n\tindented\n\n"), "line breaks and tabs keep their meaning");
            Assert.That(text, Does.Contain("Source: db-1").And.Contain("region: eu-west"));
            Assert.That(html, Does.Contain("Line 1<br>").And.Contain("Line 2<br>").And.Contain("db-1").And.Contain("eu-west").And.Contain(">prod<"));
        }
    }

    [Test]
    public async Task SendAsync_BodyTemplateWithControlCharacters_HtmlPartHoldsNoneAndKeepsLineBreaks()
    {
        var notification = EmailNotifications.Trigger(body: $"<p>Disk{Controls} full</p>\r\n<p>\tdb-1</p>");

        var message = await SendAndLoadAsync(notification);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.HtmlBody!.ReplaceLineEndings("\n"), Is.EqualTo("<p>Disk full</p>\n<p>\tdb-1</p>"));
            AssertNoControls(message.TextBody!, "the text part");
        }
    }

    /// <summary>No control character but CR, LF and tab: no other C0, no DEL, no C1 (U+0080 to U+009F).</summary>
    private static void AssertNoControls(string part, string what) =>
        Assert.That(part.Where(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')).Select(c => $"U+{(int)c:X4}"), Is.Empty, what);

    /// <summary>Sends through a pickup folder and parses the one <c>.eml</c> written with MimeKit.</summary>
    private async Task<MimeMessage> SendAndLoadAsync(Notification notification)
    {
        var options = new EmailOptions { PickupDirectory = _folder, From = "alerts@example.com", To = ["ops@example.com"] };
        await using var sut = new EmailNotifier(options, new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 12, 30, TimeSpan.Zero)));

        var result = await sut.SendAsync(notification, CancellationToken.None);

        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return await MimeMessage.LoadAsync(Directory.GetFiles(_folder).Single());
    }
}
