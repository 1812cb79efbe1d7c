using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class DefaultTemplatesTests
{
    private static IEnumerable<string> Types() => AlertEventTypes.All.Append("orders.backlog");

    [TestCaseSource(nameof(Types))]
    public void TitleAndMessage_NameTheSourceAndSeverity(string type)
    {
        var e = Some.Event(type: type, source: "billing-export", severity: AlertSeverity.Critical, message: "Details here");

        var title = DefaultTemplates.Title(type).Render(e);
        var message = DefaultTemplates.Message(type).Render(e);

        Assert.Multiple(() =>
        {
            Assert.That(title, Does.Contain("billing-export").And.Contain("CRITICAL"));
            Assert.That(message, Does.Contain("billing-export").And.Contain("Details here").And.Contain("2026-11-22 09:12:00Z"));
        });
    }

    [Test]
    public void WellKnownTypes_HaveTheirOwnWording()
    {
        var titles = AlertEventTypes.All.Select(t => DefaultTemplates.Title(t).Text).ToList();

        Assert.That(titles, Is.Unique);
    }

    [Test]
    public void Title_IsCachedPerType()
    {
        var first = DefaultTemplates.Title(AlertEventTypes.JobFailed);

        Assert.That(DefaultTemplates.Title(AlertEventTypes.JobFailed), Is.SameAs(first));
    }
}
