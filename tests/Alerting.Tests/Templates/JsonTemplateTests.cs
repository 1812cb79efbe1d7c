using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class JsonTemplateTests
{
    private static readonly string[] s_hostile =
    [
        "quote \" and backslash \\ and 'single'",
        "new\nline and \r\n and \t",
        "{source} {{braces}} }{ {\"a\":1}",
        "</script><script>alert(1)</script> & <!channel>",
        "control \u0000\u0001\u001f\u007f\u0085 end",
        "lone " + (char)0xD800 + " surrogate and " + (char)0xDC00 + " and " + (char)0xD83D,
        "unicode ✓ Zürich \ud83d\ude00",
        "\u2028\u2029",
        "",
    ];

    private static AlertEvent Event(Dictionary<string, object?> attributes) => Some.Event(attributes: attributes);

    private static JsonElement RenderToJson(string template, AlertEvent e, TemplateEscaping escaping = TemplateEscaping.None) =>
        JsonDocument.Parse(JsonTemplate.Parse(template).Render(e, escaping)).RootElement;

    /// <summary>What a value reads as after plain-text escaping: controls other than line feed and tab dropped, unpaired surrogates replaced.</summary>
    private static string AsPlainText(string value) =>
        string.Concat(ReplaceLoneSurrogates(value).Where(c => !char.IsControl(c) || c is '\n' or '\t'));

    private static string ReplaceLoneSurrogates(string value) => string.Concat(value.EnumerateRunes().Select(r => r.ToString()));

    [Test]
    public void Render_HostileValuesInKeysAndValues_IsAlwaysValidJson(
        [ValueSource(nameof(s_hostile))] string value,
        [Values] TemplateEscaping escaping)
    {
        var template = JsonTemplate.Parse("""{ "text": "value: {v}", "key-{v}": [ "{v}", 1, true, null ], "nested": { "n": "{v}", "ctx": "{ctx}" } }""");
        var values = new Dictionary<string, object?> { ["ctx"] = value };

        var json = template.Render(Event(new() { ["v"] = value }), escaping, values);

        using var doc = JsonDocument.Parse(json);
        Assert.Multiple(() =>
        {
            Assert.That(doc.RootElement.EnumerateObject().Count(), Is.EqualTo(3));
            Assert.That(json, Does.Not.Contain("</script>"));
        });
    }

    [Test]
    public void Render_HostileValueWithoutValueEscaping_RoundTripsAsPlainText([ValueSource(nameof(s_hostile))] string value)
    {
        var root = RenderToJson("""{"text":"value: {v}","{v}":"key"}""", Event(new() { ["v"] = value }));

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("value: " + AsPlainText(value)));
            Assert.That(root.TryGetProperty(AsPlainText(value), out _), Is.True);
        });
    }

    [Test]
    public void Render_HostileTypedValues_RoundTripExactly([ValueSource(nameof(s_hostile))] string value)
    {
        var e = Event(new() { ["data"] = new Dictionary<string, object?> { [value] = value, ["list"] = new[] { value } } });

        var data = RenderToJson("""{"data":"{data:json}"}""", e).GetProperty("data");

        Assert.Multiple(() =>
        {
            Assert.That(data.GetProperty(ReplaceLoneSurrogates(value)).GetString(), Is.EqualTo(ReplaceLoneSurrogates(value)));
            Assert.That(data.GetProperty("list")[0].GetString(), Is.EqualTo(ReplaceLoneSurrogates(value)));
        });
    }

    [Test]
    public void Render_SlackEscaping_AppliesToValuesBeforeJsonEncoding()
    {
        var e = Event(new() { ["v"] = "<!here> & \"x\"" });

        var root = RenderToJson("""{"text":"*{v}* <https://x|link>"}""", e, TemplateEscaping.SlackMrkdwn);

        Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("*&lt;!here&gt; &amp; \"x\"* <https://x|link>"));
    }

    [Test]
    public void Render_JsonValueEscaping_EscapesValuesTwice()
    {
        var root = RenderToJson("""{"body":"{{\"inner\":\"{v}\"}}"}""", Event(new() { ["v"] = "a\"b" }), TemplateEscaping.Json);

        Assert.That(JsonDocument.Parse(root.GetProperty("body").GetString()!).RootElement.GetProperty("inner").GetString(), Is.EqualTo("a\"b"));
    }

    [Test]
    public void Render_JsonFormatString_BecomesTypedValue()
    {
        using var element = JsonDocument.Parse("""{"html":"</script>","n":[1,2.5]}""");
        var e = Event(new()
        {
            ["count"] = 37,
            ["big"] = long.MaxValue,
            ["unsigned"] = ulong.MaxValue,
            ["ratio"] = 0.25,
            ["single"] = 0.1f,
            ["money"] = 12.50m,
            ["ok"] = false,
            ["none"] = null,
            ["tags"] = new[] { "a", "b" },
            ["details"] = new Dictionary<string, object?> { ["region"] = "eu", ["depth"] = 3, ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)) },
            ["scores"] = new Dictionary<string, int> { ["a"] = 1 },
            ["nan"] = double.NaN,
            ["infinity"] = double.NegativeInfinity,
            ["level"] = AlertSeverity.Warning,
            ["day"] = DayOfWeek.Monday,
            ["utc"] = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            ["guid"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["link"] = new Uri("https://x.example/a?b=c"),
            ["element"] = element.RootElement,
            ["node"] = JsonNode.Parse("""{"k":["</script>",true]}"""),
        });
        var template = JsonTemplate.Parse("""
            {"count":"{count:json}","big":"{big:json}","unsigned":"{unsigned:json}","ratio":"{ratio:json}","single":"{single:json}",
             "money":"{money:json}","ok":"{ok:json}","none":"{none:json}","missing":"{missing:json}","tags":"{tags:json}",
             "details":"{details:json}","scores":"{scores:json}","nan":"{nan:json}","infinity":"{infinity:json}","level":"{level:json}",
             "day":"{day:json}","utc":"{utc:json}","guid":"{guid:json}","link":"{link:json}","element":"{element:json}",
             "node":"{node:json}","text":"n={count:json}","severity":"{severity:json}","timestamp":"{timestamp:json}"}
            """);

        var json = template.Render(e);
        var root = JsonDocument.Parse(json).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("count").GetInt32(), Is.EqualTo(37));
            Assert.That(root.GetProperty("big").GetInt64(), Is.EqualTo(long.MaxValue));
            Assert.That(root.GetProperty("unsigned").GetUInt64(), Is.EqualTo(ulong.MaxValue));
            Assert.That(root.GetProperty("ratio").GetDouble(), Is.EqualTo(0.25));
            Assert.That(root.GetProperty("single").GetRawText(), Is.EqualTo("0.1"));
            Assert.That(root.GetProperty("money").GetRawText(), Is.EqualTo("12.50"));
            Assert.That(root.GetProperty("ok").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("none").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("missing").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("tags").EnumerateArray().Select(t => t.GetString()), Is.EqualTo(new[] { "a", "b" }));
            Assert.That(root.GetProperty("details").GetProperty("depth").GetInt32(), Is.EqualTo(3));
            Assert.That(root.GetProperty("details").GetProperty("when").GetString(), Is.EqualTo("2026-01-02T03:04:05.0000000+02:00"));
            Assert.That(root.GetProperty("scores").GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("nan").GetString(), Is.EqualTo("NaN"));
            Assert.That(root.GetProperty("infinity").GetString(), Is.EqualTo("-Infinity"));
            Assert.That(root.GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(root.GetProperty("day").GetString(), Is.EqualTo("monday"));
            Assert.That(root.GetProperty("utc").GetString(), Is.EqualTo("2026-01-02T03:04:05.0000000Z"));
            Assert.That(root.GetProperty("guid").GetString(), Is.EqualTo("0f8fad5b-d9cb-469f-a165-70867728950e"));
            Assert.That(root.GetProperty("link").GetString(), Is.EqualTo("https://x.example/a?b=c"));
            Assert.That(root.GetProperty("element").GetProperty("html").GetString(), Is.EqualTo("</script>"));
            Assert.That(root.GetProperty("element").GetProperty("n")[1].GetDouble(), Is.EqualTo(2.5));
            Assert.That(root.GetProperty("node").GetProperty("k")[0].GetString(), Is.EqualTo("</script>"));
            Assert.That(root.GetProperty("text").GetString(), Is.EqualTo("n=37"));
            Assert.That(root.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(root.GetProperty("timestamp").GetDateTimeOffset(), Is.EqualTo(new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero)));
            Assert.That(json, Does.Not.Contain("</script>"));
        });
    }

    [Test]
    public void Render_TypedValues_IgnoreFormatProviderAndValueEscaping()
    {
        var e = Event(new() { ["ratio"] = 1234.5, ["text"] = "<b>" });

        var root = JsonDocument.Parse(JsonTemplate.Parse("""{"typed":"{ratio:json}","s":"{text:json}","string":"{ratio:N1}"}""")
            .Render(e, TemplateEscaping.Html, formatProvider: CultureInfo.GetCultureInfo("de-DE"))).RootElement;

        Assert.That((root.GetProperty("typed").GetDouble(), root.GetProperty("s").GetString(), root.GetProperty("string").GetString()), Is.EqualTo((1234.5, "<b>", "1.234,5")));
    }

    [Test]
    public void Render_DeeplyNestedValue_IsCappedAt32LevelsAndStaysValid()
    {
        object? nested = "bottom";
        for (var i = 0; i < 40; i++)
        {
            nested = new Dictionary<string, object?> { ["d"] = nested };
        }

        var element = RenderToJson("""{"x":"{deep:json}"}""", Event(new() { ["deep"] = nested })).GetProperty("x");
        var objects = 0;
        while (element.ValueKind == JsonValueKind.Object)
        {
            objects++;
            element = element.GetProperty("d");
        }

        Assert.That((objects, element.ValueKind), Is.EqualTo((32, JsonValueKind.String)));
    }

    [Test]
    public void Render_SelfReferencingList_IsCappedAndStaysValid()
    {
        var list = new List<object?> { 1 };
        list.Add(list);

        Assert.That(RenderToJson("""{"x":"{loop:json}"}""", Event(new() { ["loop"] = list })).GetProperty("x").ValueKind, Is.EqualTo(JsonValueKind.Array));
    }

    [Test]
    public void Render_KeepsTheLayoutOutsideTemplatedStrings()
    {
        const string Template = "{\n  \"name\": \"{source}\",\n  \"escaped\": \"\\u0041\",\n  \"regex\": \"a{{2}}\",\n  \"n\": [1, 2.50e1, true]\n}";

        var json = JsonTemplate.Parse(Template).Render(Some.Event(source: "job-a"));

        Assert.That(json, Is.EqualTo("{\n  \"name\": \"job-a\",\n  \"escaped\": \"\\u0041\",\n  \"regex\": \"a{2}\",\n  \"n\": [1, 2.50e1, true]\n}"));
    }

    [Test]
    public void Render_TemplatedKeys_AreStrings()
    {
        var e = Event(new() { ["k"] = "region", ["n"] = 5 });

        var root = RenderToJson("""{"{k}":"eu","{n:json}":"five","{rule}":true}""", e);

        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "region", "5", string.Empty }));
    }

    [Test]
    public void Render_NoPlaceholders_ReturnsTheTemplate()
    {
        Assert.That(JsonTemplate.Parse("""{"a": [1, "x"]}""").Render(Some.Event()), Is.EqualTo("""{"a": [1, "x"]}"""));
    }

    [Test]
    public void Render_NullEvent_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => JsonTemplate.EventPayload.Render(null!));
    }

    [Test]
    public void EventPayload_RoundTripsTheEvent()
    {
        var e = Some.Event(environment: "prod", status: AlertStatus.Resolved, attributes: new Dictionary<string, object?>
        {
            ["run"] = 7,
            ["labels"] = new Dictionary<string, object?> { ["team"] = "data" },
            ["evil"] = "\"}</script>",
        });

        var root = JsonDocument.Parse(JsonTemplate.EventPayload.Render(e)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("id").GetString(), Is.EqualTo(e.Id));
            Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("job.failed"));
            Assert.That(root.GetProperty("source").GetString(), Is.EqualTo("nightly-import"));
            Assert.That(root.GetProperty("severity").GetString(), Is.EqualTo("error"));
            Assert.That(root.GetProperty("status").GetString(), Is.EqualTo("resolved"));
            Assert.That(root.GetProperty("timestamp").GetString(), Is.EqualTo("2026-11-22T09:12:00.0000000+00:00"));
            Assert.That(root.GetProperty("message").GetString(), Is.EqualTo("Disk full"));
            Assert.That(root.GetProperty("dedupKey").GetString(), Is.EqualTo("job.failed:nightly-import"));
            Assert.That(root.GetProperty("environment").GetString(), Is.EqualTo("prod"));
            Assert.That(root.GetProperty("url").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("attributes").GetProperty("run").GetInt32(), Is.EqualTo(7));
            Assert.That(root.GetProperty("attributes").GetProperty("labels").GetProperty("team").GetString(), Is.EqualTo("data"));
            Assert.That(root.GetProperty("attributes").GetProperty("evil").GetString(), Is.EqualTo("\"}</script>"));
        });
    }

    [Test]
    public void EventPayload_UnsetOptionalFields_AreNullAndUrlIsWritten()
    {
        var e = new AlertEvent("orders.backlog", "orders") { Url = new Uri("https://x.example/runs/1") };

        var root = JsonDocument.Parse(JsonTemplate.EventPayload.Render(e)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("message").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("environment").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(root.GetProperty("url").GetString(), Is.EqualTo("https://x.example/runs/1"));
            Assert.That(root.GetProperty("attributes").EnumerateObject(), Is.Empty);
        });
    }

    [Test]
    public void EventPayload_ReadsOnlyEventFields()
    {
        Assert.That(JsonTemplate.EventPayload.Placeholders.Select(p => p.IsEventField), Is.All.True);
    }

    [TestCase("{\"a\": 1,}", 1, 9, "trailing comma")]
    [TestCase("{\"a\": 1 /* c */}", 1, 9, "'/' is invalid after a value")]
    [TestCase("{\"a\": 1\n  \"b\": 2}", 2, 3, "Invalid JSON")]
    [TestCase("", 1, 1, "does not contain any JSON tokens")]
    [TestCase("[1] x", 1, 5, "invalid after a single JSON value")]
    [TestCase("{\"é\": x}", 1, 7, "invalid start of a value")]
    [TestCase("{\"a\": \"{oops\"}", 1, 8, "Unclosed '{'")]
    [TestCase("{\"a\": \"\\n\\u0041{oops\"}", 1, 16, "Unclosed '{'")]
    [TestCase("{\n  \"a\": [\n    \"ok {source}\", \"bad }\"\n  ]\n}", 3, 25, "Unexpected '}'")]
    [TestCase("{\"{timestamp.x}\": 1}", 1, 13, "has no members")]
    public void Parse_InvalidJsonOrPlaceholder_ReportsLineAndColumn(string json, int line, int column, string problem)
    {
        var ex = Assert.Throws<TemplateException>(() => JsonTemplate.Parse(json));

        Assert.Multiple(() =>
        {
            Assert.That((ex!.Line, ex.Column), Is.EqualTo((line, column)), ex.Message);
            Assert.That(ex.Message, Does.Contain(problem).And.Contain($"line {line}, column {column}").And.Not.Contain("LineNumber"));
        });
    }

    [Test]
    public void Parse_UnpairedSurrogateEscape_IsRejected()
    {
        var ex = Assert.Throws<TemplateException>(() => JsonTemplate.Parse("""{"a": "x\ud800"}"""));

        Assert.That((ex!.Index, ex.Message), Is.EqualTo((6, "Invalid JSON: a string holds an unpaired surrogate escape at line 1, column 7 (index 6).")));
    }

    [Test]
    public void TryParse_Invalid_ReturnsError()
    {
        Assert.Multiple(() =>
        {
            Assert.That(JsonTemplate.TryParse("{", out var template, out var error), Is.False);
            Assert.That(template, Is.Null);
            Assert.That(error, Is.Not.Null);
            Assert.That(JsonTemplate.TryParse("""{"a":"{b}"}""", out var valid, out var none), Is.True);
            Assert.That((valid!.Text, none), Is.EqualTo(("""{"a":"{b}"}""", (TemplateException?)null)));
        });
    }

    [Test]
    public void Placeholders_IncludeKeysAndTypedValuesWithPositionsInTheJsonText()
    {
        var template = JsonTemplate.Parse("{\"{k}\":\"{v}\",\n\"n\":\"\\t{n:json}\"}");

        var described = template.Placeholders.Select(p => (p.Path, p.Index, p.Line, p.Column));

        Assert.That(described, Is.EqualTo(new[] { ("k", 2, 1, 3), ("v", 8, 1, 9), ("n", 21, 2, 8) }));
    }
}
