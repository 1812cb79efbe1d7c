using System.Text.Json;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class JsonTemplateTests
{
    private static readonly string[] s_hostile =
    [
        "quote \" and backslash \\",
        "new\nline and \r\n and \t",
        "{source} {{braces}} }{",
        "</script><script>alert(1)</script>",
        "control \u0000\u0001\u001f\u007f",
        "lone \ud800 surrogate and \udc00",
        "unicode ✓ Zürich \ud83d\ude00",
        "\u2028\u2029",
        "",
    ];

    [Test]
    public void Render_HostileValuesInKeysAndValues_IsAlwaysValidJsonRoundTrippingTheValue(
        [ValueSource(nameof(s_hostile))] string value,
        [Values(TemplateEscaping.None, TemplateEscaping.SlackMrkdwn, TemplateEscaping.Html)] TemplateEscaping escaping)
    {
        var template = JsonTemplate.Parse("""{ "text": "value: {v}", "key-{v}": [ "{v}", 1, true, null ], "nested": { "n": "{v}" } }""");
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["v"] = value });

        var json = template.Render(e, escaping);

        using var doc = JsonDocument.Parse(json);
        if (escaping == TemplateEscaping.None)
        {
            var expected = value.Replace("\ud800", "\uFFFD").Replace("\udc00", "\uFFFD");
            expected = string.Concat(expected.Where(c => c >= ' ' && c != '\u007f' || c is '\n' or '\t' or '\r'));
            Assert.That(doc.RootElement.GetProperty("nested").GetProperty("n").GetString(), Is.EqualTo(expected));
        }

        Assert.That(doc.RootElement.EnumerateObject().Count(), Is.EqualTo(3));
    }

    [Test]
    public void Render_SlackEscaping_AppliesToValuesBeforeJsonEncoding()
    {
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["v"] = "<!here> & \"x\"" });

        var json = JsonTemplate.Parse("""{"text":"*{v}* <https://x|link>"}""").Render(e, TemplateEscaping.SlackMrkdwn);

        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("text").GetString(), Is.EqualTo("*&lt;!here&gt; &amp; \"x\"* <https://x|link>"));
    }

    [Test]
    public void Render_JsonFormatString_BecomesTypedValue()
    {
        var e = Some.Event(attributes: new Dictionary<string, object?>
        {
            ["count"] = 37,
            ["ratio"] = 0.25,
            ["ok"] = false,
            ["none"] = null,
            ["tags"] = new[] { "a", "b" },
            ["details"] = new Dictionary<string, object?> { ["region"] = "eu", ["depth"] = 3, ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) },
            ["nan"] = double.NaN,
        });
        var template = JsonTemplate.Parse("""{"count":"{count:json}","ratio":"{ratio:json}","ok":"{ok:json}","none":"{none:json}","missing":"{missing:json}","tags":"{tags:json}","details":"{details:json}","nan":"{nan:json}","text":"n={count:json}"}""");

        var root = JsonDocument.Parse(template.Render(e)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(37));
            Assert.That(root.GetProperty("ratio").GetDouble(), Is.EqualTo(0.25));
            Assert.That(root.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("none").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("missing").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(root.GetProperty("details").GetProperty("depth").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("details").GetProperty("when").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
            Assert.That(root.GetProperty("nan").GetString(), Is.EqualTo("NaN"));
            Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("n=37"));
        });
    }

    [Test]
    public void Render_DeeplyNestedValue_IsCappedAndStaysValid()
    {
        object? nested = "bottom";
        for (var i = 0; i < 100; i++)
        {
            nested = new Dictionary<string, object?> { ["d"] = nested };
        }

        var json = JsonTemplate.Parse("""{"x":"{deep:json}"}""").Render(Some.Event(attributes: new Dictionary<string, object?> { ["deep"] = nested }));

        Assert.DoesNotThrow(() => JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 200 }));
    }

    [Test]
    public void EventPayload_RoundTripsTheEvent()
    {
        var e = Some.Event(environment: "prod", attributes: new Dictionary<string, object?> { ["run"] = 7 });

        var root = JsonDocument.Parse(JsonTemplate.EventPayload.Render(e)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("id").GetString(), Is.EqualTo(e.Id));
            Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("job.failed"));
            Assert.That(root.GetProperty("source").GetString(), Is.EqualTo("nightly-import"));
            Assert.That(root.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("firing"));
            Assert.That(root.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(e.Timestamp));
            Assert.That(root.GetProperty("message").GetString(), Is.EqualTo("Disk full"));
            Assert.That(root.GetProperty("dedupKey").GetString(), Is.EqualTo("job.failed:nightly-import"));
            Assert.That(root.GetProperty("environment").GetString(), Is.EqualTo("prod"));
            Assert.That(root.GetProperty("url").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("attributes").GetProperty("run").GetInt32(), Is.EqualTo(7));
        });
    }

    [TestCase("{\"a\": 1,}", 1, 9)]
    [TestCase("{\"a\": 1\n  \"b\": 2}", 2, 3)]
    [TestCase("", 1, 1)]
    [TestCase("{\"a\": \"{oops\"}", 1, 8)]
    public void Parse_InvalidJsonOrPlaceholder_ReportsLineAndColumn(string json, int line, int column)
    {
        var ex = Assert.Throws<TemplateException>(() => JsonTemplate.Parse(json));

        Assert.That((ex!.Line, ex.Column), Is.EqualTo((line, column)), ex.Message);
    }

    [Test]
    public void Placeholders_IncludeKeysAndTypedValues()
    {
        var template = JsonTemplate.Parse("""{"{k}":"{v}","n":"{n:json}"}""");

        Assert.That(template.Placeholders.Select(p => p.Path), Is.EqualTo(new[] { "k", "v", "n" }));
    }
}
