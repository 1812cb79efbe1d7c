using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class DefaultTemplatesTests
{
    private static IEnumerable<string> Types() => AlertEventTypes.All.Append("orders.backlog");

    [TestCaseSource(nameof(Types))]
    public void TitleAndMessage_NameTheSourceSeverityTimeAndMessage(string type)
    {
        var e = Some.Event(type: type, source: "billing-export", severity: AlertSeverity.Critical, message: "Details here");

        var title = DefaultTemplates.Title(type).Render(e);
        var message = DefaultTemplates.Message(type).Render(e);

        Assert.Multiple(() =>
        {
            Assert.That(title, Does.StartWith("[CRITICAL] ").And.Contain("billing-export").And.Not.Contain("\n"));
            Assert.That(message, Does.Contain("billing-export").And.Contain("Severity: critical").And.Contain("Time: 2026-11-22 09:12:00Z").And.EndWith("\nDetails here"));
        });
    }

    [TestCaseSource(nameof(Types))]
    public void TitleAndMessage_EventWithOnlyRequiredFields_HaveNoEmptyParts(string type)
    {
        var e = new AlertEvent(type, "billing-export");

        var rendered = new[] { DefaultTemplates.Title(type).Render(e), DefaultTemplates.Message(type).Render(e).TrimEnd('\n') };

        Assert.That(rendered, Has.All.Not.Contain("()").And.Not.Contain("[]").And.Not.Contain(": |").And.Not.Contain("  ").And.Not.EndWith(" "));
    }

    [TestCaseSource(nameof(Types))]
    public void TitleAndMessage_ReadOnlyFieldsEveryEventHas(string type)
    {
        var placeholders = DefaultTemplates.Title(type).Placeholders.Concat(DefaultTemplates.Message(type).Placeholders);

        Assert.That(placeholders.Select(p => p.IsEventField), Is.All.True);
    }

    [Test]
    public void WellKnownTypes_HaveTheirOwnWording()
    {
        var titles = Types().Select(t => DefaultTemplates.Title(t).Text).ToList();
        var messages = Types().Select(t => DefaultTemplates.Message(t).Text).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(titles, Is.Unique);
            Assert.That(messages, Is.Unique);
        });
    }

    [Test]
    public void JobFailed_FiringAndResolved_ReadAsSuch()
    {
        var firing = Some.Event(message: "Disk full");
        var resolved = firing.ToResolved("Disk cleaned up");
        var title = DefaultTemplates.Title(AlertEventTypes.JobFailed);
        var message = DefaultTemplates.Message(AlertEventTypes.JobFailed);

        Assert.Multiple(() =>
        {
            Assert.That(title.Render(firing), Is.EqualTo("[ERROR] Job nightly-import failed (firing)"));
            Assert.That(title.Render(resolved), Is.EqualTo("[ERROR] Job nightly-import failed (resolved)"));
            Assert.That(message.Render(firing), Is.EqualTo("Job nightly-import failed.\nStatus: firing | Severity: error | Time: 2026-11-22 09:12:00Z\nDisk full"));
        });
    }

    [Test]
    public void InformationalType_LeavesOutTheStatus()
    {
        var e = Some.Event(type: AlertEventTypes.JobSucceeded, severity: AlertSeverity.Info, message: null);

        Assert.Multiple(() =>
        {
            Assert.That(DefaultTemplates.Title(e.Type).Render(e), Is.EqualTo("[INFO] Job nightly-import succeeded"));
            Assert.That(DefaultTemplates.Message(e.Type).Render(e), Is.EqualTo("Job nightly-import finished successfully.\nSeverity: info | Time: 2026-11-22 09:12:00Z\n"));
        });
    }

    [Test]
    public void CustomType_GetsTheGenericPairNamingTheType()
    {
        var e = Some.Event(type: "orders.backlog", source: "orders", severity: AlertSeverity.Warning, status: AlertStatus.Resolved);

        Assert.Multiple(() =>
        {
            Assert.That(DefaultTemplates.Title(e.Type).Render(e), Is.EqualTo("[WARNING] orders.backlog from orders (resolved)"));
            Assert.That(DefaultTemplates.Message(e.Type).Render(e), Does.StartWith("Event orders.backlog from orders.\nStatus: resolved | "));
        });
    }

    [Test]
    public void Title_MatchesTypesIgnoringCaseAndIsParsedOnce()
    {
        var first = DefaultTemplates.Title(AlertEventTypes.JobFailed);

        Assert.Multiple(() =>
        {
            Assert.That(DefaultTemplates.Title("JOB.FAILED"), Is.SameAs(first));
            Assert.That(DefaultTemplates.Message("custom.a"), Is.SameAs(DefaultTemplates.Message("custom.b")));
        });
    }

    [Test]
    public void Title_NullType_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => DefaultTemplates.Title(null!));
    }
}
