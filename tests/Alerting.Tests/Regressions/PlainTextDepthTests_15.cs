using System.Globalization;
using Alerting.Templates;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 15, the plain-text side of the JSON depth fix: a placeholder such as <c>{attributes}</c> wrote a .NET type name
/// past 32 levels and walked a value that contains itself without end (a delivery that never finished). Both are now
/// written as the JSON templates' markers.
/// </summary>
[TestFixture]
public sealed class PlainTextDepthTests_15
{
    [Test]
    public void Render_ValueNestedPastTheLimit_EndsInTheTooDeepMarkerNotATypeName()
    {
        object? nested = "bottom";
        for (var i = 0; i < 40; i++)
        {
            nested = new Dictionary<string, object?> { ["d"] = nested };
        }

        var text = Render(nested);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Does.EndWith("d=…(nested deeper than 32 levels)"));
            Assert.That(text, Does.Not.Contain("System."));
        }
    }

    [Test]
    public void Render_ValueThatContainsItself_WritesTheCycleMarkerOnce()
    {
        var loop = new Dictionary<string, object?> { ["name"] = "loop" };
        loop["self"] = loop;

        Assert.That(Render(loop), Is.EqualTo("name=loop, self=…(cycle: contains itself)"));
    }

    private static string Render(object? value)
    {
        var template = MessageTemplate.Parse("{attributes.v}");
        var e = new AlertEvent(AlertEventTypes.JobFailed, "import", AlertSeverity.Error) { Attributes = new Dictionary<string, object?> { ["v"] = value } };
        return template.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture);
    }
}
