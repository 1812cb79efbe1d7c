using Alerting.Templates;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class MessageTemplateParsingTests
{
    [TestCase("Job {source failed", 4, "Unclosed '{'")]
    [TestCase("Job {", 4, "Unclosed '{'")]
    [TestCase("Job source} failed", 10, "Unexpected '}'")]
    [TestCase("Job {source}}", 12, "Unexpected '}'")]
    [TestCase("Job {} failed", 4, "Empty placeholder")]
    [TestCase("Job {so{urce} failed", 7, "Unexpected '{'")]
    [TestCase("Job {sou rce} failed", 8, "Invalid character ' '")]
    [TestCase("Job {source!} failed", 11, "Invalid character '!'")]
    [TestCase("Job {.source} failed", 5, "Misplaced '.'")]
    [TestCase("Job {attributes..region}", 16, "Misplaced '.'")]
    [TestCase("Job {source.} failed", 11, "Misplaced '.'")]
    [TestCase("Job {:HH} failed", 5, "Missing name")]
    [TestCase("Job {timestamp:} failed", 14, "Empty format")]
    [TestCase("Job {timestamp.hour} failed", 14, "'timestamp' is an event field and has no members")]
    public void Parse_InvalidTemplate_ReportsProblemAndPosition(string text, int index, string problem)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse(text));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Index, Is.EqualTo(index));
            Assert.That(ex.Line, Is.EqualTo(1));
            Assert.That(ex.Column, Is.EqualTo(index + 1));
            Assert.That(ex.Message, Does.Contain(problem).And.EndWith($" at line 1, column {index + 1} (index {index})."));
        });
    }

    [TestCase("first {source}\nsecond\nthird {oops", 28, 3, 7)]
    [TestCase("first\r\nsecond }", 14, 2, 8)]
    [TestCase("\n\n{}", 2, 3, 1)]
    public void Parse_ErrorOnLaterLine_ReportsLineAndColumn(string text, int index, int line, int column)
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse(text));

        Assert.That((ex!.Index, ex.Line, ex.Column), Is.EqualTo((index, line, column)));
    }

    [Test]
    public void Parse_EventFieldWithMembers_SuggestsTheAttributesPath()
    {
        var ex = Assert.Throws<TemplateException>(() => MessageTemplate.Parse("{source.name}"));

        Assert.That(ex!.Message, Does.Contain("'{attributes.source.name}'"));
    }

    [Test]
    public void Parse_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => MessageTemplate.Parse(null!));
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
    public void TryParse_Valid_ReturnsTemplate()
    {
        var ok = MessageTemplate.TryParse("{source}", out var template, out var error);

        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(template!.Text, Is.EqualTo("{source}"));
            Assert.That(error, Is.Null);
        });
    }

    [Test]
    public void Placeholders_ListPathsFormatsPositionsAndKinds()
    {
        var template = MessageTemplate.Parse("{{x}} {source}\n{attributes.region} {timestamp:yyyy-MM-dd HH:mm} {flow_run_name}");

        var described = template.Placeholders.Select(p => (p.Path, p.Format, p.Index, p.Line, p.Column, p.IsEventField, p.AttributeName));

        Assert.That(described, Is.EqualTo(new[]
        {
            ("source", (string?)null, 6, 1, 7, true, (string?)null),
            ("attributes.region", null, 15, 2, 1, false, "region"),
            ("timestamp", "yyyy-MM-dd HH:mm", 35, 2, 21, true, null),
            ("flow_run_name", null, 64, 2, 50, false, "flow_run_name"),
        }));
    }

    [TestCase("{Source}", true, null)]
    [TestCase("{DEDUPKEY}", true, null)]
    [TestCase("{dedup_key}", true, null)]
    [TestCase("{attributes}", true, null)]
    [TestCase("{Attributes.run.id}", false, "run")]
    [TestCase("{run.id}", false, "run")]
    [TestCase("{rule}", false, "rule")]
    [TestCase("{attributes.source}", false, "source")]
    [TestCase("{région-2_x}", false, "région-2_x")]
    public void Placeholders_TellEventFieldsFromAttributes(string text, bool isEventField, string? attributeName)
    {
        var placeholder = MessageTemplate.Parse(text).Placeholders.Single();

        Assert.That((placeholder.IsEventField, placeholder.AttributeName), Is.EqualTo((isEventField, attributeName)));
    }

    [TestCase("{timestamp:HH:mm:ss}", "timestamp", "HH:mm:ss")]
    [TestCase("{count:#,##0.00}", "count", "#,##0.00")]
    [TestCase("{severity:upper}", "severity", "upper")]
    [TestCase("{x: padded }", "x", " padded ")]
    public void Placeholders_FormatIsEverythingAfterTheFirstColon(string text, string path, string format)
    {
        var placeholder = MessageTemplate.Parse(text).Placeholders.Single();

        Assert.That((placeholder.Path, placeholder.Format), Is.EqualTo((path, format)));
    }

    [Test]
    public void Placeholders_ToString_WritesThePlaceholderBack()
    {
        var template = MessageTemplate.Parse("{a} {b:upper}");

        Assert.That(template.Placeholders.Select(p => p.ToString()), Is.EqualTo(new[] { "{a}", "{b:upper}" }));
    }

    [Test]
    public void Text_AndToString_AreTheTemplateAsWritten()
    {
        var template = MessageTemplate.Parse("a {b} {{c}}");

        Assert.That((template.Text, template.ToString()), Is.EqualTo(("a {b} {{c}}", "a {b} {{c}}")));
    }

    [Test]
    public void Parse_TextWithoutPlaceholders_HasNone()
    {
        Assert.That(MessageTemplate.Parse("no holes, {{just}} braces").Placeholders, Is.Empty);
    }
}
