using Alerting.Notifiers;
using Alerting.Notifiers.Email.Internal;

namespace Alerting.Tests.Notifiers.Email;

[TestFixture]
public sealed class EmailSubjectTests
{
    [TestCase("Job failed\r\nBcc: victim@example.net", "Job failed Bcc: victim@example.net")]
    [TestCase("line one\nline two\rline three", "line one line two line three")]
    [TestCase("tab\there\u0085next", "tab herenext")]
    [TestCase("a\0b\u0007c\u001Bd\u007Fe\u009Ff", "abcdef")]
    [TestCase("  \r\n padded \n ", "padded")]
    [TestCase("Ünïcödé 🚨 stays", "Ünïcödé 🚨 stays")]
    public void For_TitleWithLineBreaksOrControls_IsOneLineWithSpacesAndNoControls(string title, string expected) =>
        Assert.That(EmailSubject.For(EmailNotifications.Trigger(title: title)), Is.EqualTo(expected));

    [Test]
    public void For_SubjectGiven_UsesItInsteadOfTitle() =>
        Assert.That(EmailSubject.For(EmailNotifications.Trigger(title: "title", subject: "subject\nline")), Is.EqualTo("subject line"));

    [TestCase(NotificationKind.Resolve, "[RESOLVED] Import failed")]
    [TestCase(NotificationKind.Acknowledge, "[ACKNOWLEDGED] Import failed")]
    [TestCase(NotificationKind.Test, "[TEST] Import failed")]
    [TestCase(NotificationKind.Update, "[UPDATE] Import failed")]
    [TestCase(NotificationKind.Trigger, "Import failed")]
    public void For_Kind_MarksAllButTriggers(NotificationKind kind, string expected) =>
        Assert.That(EmailSubject.For(EmailNotifications.Trigger(title: "Import failed", kind: kind)), Is.EqualTo(expected));

    [Test]
    public void For_ResolveWhoseTitleSaysResolved_IsNotMarkedTwice() =>
        Assert.That(
            EmailSubject.For(EmailNotifications.Trigger(title: "[ERROR] Job nightly-import failed (resolved)", kind: NotificationKind.Resolve)),
            Is.EqualTo("[ERROR] Job nightly-import failed (resolved)"));
}
