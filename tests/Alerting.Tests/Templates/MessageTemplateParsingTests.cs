using Alerting.Templates;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class MessageTemplateParsingTests
{
    [TestCase("Job {source failed", 4, "Unclosed '{'")]
    [TestCase("Job source} failed", 10, "Unexpected '}'")]
    [TestCase("Job {} failed", 4, "Empty placeholder")]
    [TestCase("Job {so{urce} failed", 7, "Unexpected '{'")]
    [TestCase("Job {sou rce} failed", 8, "Invalid character ' '")]
    [TestCase("Job {.source} failed", 5, "Misplaced '.'")]
    [TestCase("Job {attributes..region}", 16, "Misplaced '.'")]
    [TestCase("Job {source.} failed", 11, "Misplaced '.'")]
    [TestCase("Job {:HH} failed", 5, "Missing name")]
    [TestCase("Job {timestamp:} failed", 14, "Empty format")]
    public void Parse_InvalidTemplate_ReportsProblemAndPosition(string text, int index, string problem)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse(text));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Index, Is.EqualTo(index));
            Assert.That(ex.Line, Is.EqualTo(1));
            Assert.That(ex.Column, Is.EqualTo(index + 1));
            Assert.That(ex.Message, Does.Contain(problem).And.Contain($"line 1, column {index + 1}"));
        });
    }

    [Test]
    public void Parse_ErrorOnThirdLine_ReportsLineAndColumn()
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse("first {source}\nsecond\nthird {oops"));

        Assert.That((ex!.Line, ex.Column, ex.Index), Is.EqualTo((3, 7, 28)));
    }

    [Test]
    public void TryParse_Invalid_ReturnsErrorInsteadOfThrowing()
    {
        var ok = MessageTemplate.TryParse("{", out var template, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(template, Is.Null);
            Assert.That(error!.Index, Is.EqualTo(0));
        });
    }

    [Test]
    public void Placeholders_ListPathsFormatsPositionsAndKinds()
    {
        var template = MessageTemplate.Parse("{{x}} {source}\n{attributes.region} {timestamp:yyyy-MM-dd HH:mm} {flow_run_name}");

        var described = template.Placeholders.Select(p => (p.Path, p.Format, p.Line, p.Column, p.IsEventField, p.AttributeName));

        Assert.That(described, Is.EqualTo(new[]
        {
            ("source", (string?)null, 1, 7, true, (string?)null),
            ("attributes.region", null, 2, 1, false, "region"),
            ("timestamp", "yyyy-MM-dd HH:mm", 2, 21, true, null),
            ("flow_run_name", null, 2, 50, false, "flow_run_name"),
        }));
    }

    [Test]
    public void Text_AndToString_AreTheTemplateAsWritten()
    {
        var template = MessageTemplate.Parse("a {b} c");

        Assert.That((template.Text, template.ToString()), Is.EqualTo(("a {b} c", "a {b} c")));
    }
}
