using System.Dynamic;
using System.Globalization;
using System.Text.Json;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class MessageTemplateRenderingTests
{
    private static AlertEvent Event(Dictionary<string, object?>? attributes = null) =>
        Some.Event(source: "nightly-import", severity: AlertSeverity.Error, message: "Disk full", environment: "prod", attributes: attributes);

    private static string Render(string text, AlertEvent e, IReadOnlyDictionary<string, object?>? values = null, IFormatProvider? formatProvider = null) =>
        MessageTemplate.Parse(text).Render(e, values: values, formatProvider: formatProvider);

    [TestCase("{id}", "evt-1")]
    [TestCase("{type}", "job.failed")]
    [TestCase("{SOURCE}", "nightly-import")]
    [TestCase("{severity}", "error")]
    [TestCase("{severity:upper}", "ERROR")]
    [TestCase("{severity:D}", "2")]
    [TestCase("{severity:Q}", "error")]
    [TestCase("{status}", "resolved")]
    [TestCase("{status:UPPER}", "RESOLVED")]
    [TestCase("{source:upper}", "NIGHTLY-IMPORT")]
    [TestCase("{message:lower}", "disk full")]
    [TestCase("{message}", "Disk full")]
    [TestCase("{environment}", "prod")]
    [TestCase("{dedup_key}", "job.failed:nightly-import")]
    [TestCase("{dedupKey}", "job.failed:nightly-import")]
    [TestCase("{timestamp}", "2026-11-22 09:12:00Z")]
    [TestCase("{timestamp:yyyy-MM-dd HH:mm zzz}", "2026-11-22 10:12 +01:00")]
    [TestCase("{timestamp:O}", "2026-11-22T10:12:00.0000000+01:00")]
    [TestCase("{timestamp:Q}", "2026-11-22 09:12:00Z")]
    [TestCase("{url}", "https://runs.example/42?a=b")]
    [TestCase("{{literal}} {{{source}}}", "{literal} {nightly-import}")]
    public void Render_EventField_RendersItsText(string text, string expected)
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full")
        {
            Id = "evt-1",
            Environment = "prod",
            Status = AlertStatus.Resolved,
            Timestamp = new DateTimeOffset(2026, 11, 22, 10, 12, 0, TimeSpan.FromHours(1)),
            Url = new Uri("https://runs.example/42?a=b"),
        };

        Assert.That(Render(text, e), Is.EqualTo(expected));
    }

    [TestCase(AlertSeverity.Critical, AlertStatus.Firing, "critical CRITICAL critical firing FIRING firing")]
    [TestCase(AlertSeverity.Info, AlertStatus.Resolved, "info INFO info resolved RESOLVED resolved")]
    [TestCase((AlertSeverity)7, AlertStatus.Firing, "7 7 7 firing FIRING firing")]
    public void Render_SeverityAndStatusWords_InEveryCase(AlertSeverity severity, AlertStatus status, string expected)
    {
        var e = Some.Event(severity: severity, status: status);

        Assert.That(Render("{severity} {severity:upper} {severity:lower} {status} {status:upper} {status:lower}", e), Is.EqualTo(expected));
    }

    [Test]
    public void Render_DedupKeySet_RendersIt()
    {
        Assert.That(Render("{dedup_key}", Some.Event(dedupKey: "disk:/var")), Is.EqualTo("disk:/var"));
    }

    [Test]
    public void Render_PrefectStyleNames_ResolveToAttributes()
    {
        var e = Event(new() { ["flow_run_name"] = "crimson-fox", ["state"] = "Failed" });

        Assert.That(Render("Run {flow_run_name} entered state {state}", e), Is.EqualTo("Run crimson-fox entered state Failed"));
    }

    [Test]
    public void Render_ResolutionOrder_EventFieldThenValueThenAttribute()
    {
        var e = Event(new() { ["source"] = "attribute-source", ["rule"] = "attribute-rule", ["region"] = "eu" });
        var values = new Dictionary<string, object?> { ["source"] = "value-source", ["rule"] = "value-rule", ["region"] = "value-region" };

        var rendered = Render("{source}|{rule}|{region}|{attributes.region}|{attributes.source}|{attributes.rule}", e, values);

        Assert.That(rendered, Is.EqualTo("nightly-import|value-rule|value-region|eu|attribute-source|attribute-rule"));
    }

    [Test]
    public void Render_ValueAndAttributeNames_AreCaseSensitive()
    {
        var e = Event(new() { ["Region"] = "eu" });

        var values = new Dictionary<string, object?> { ["RULE"] = "r" };

        Assert.That(Render("[{region}][{Region}][{attributes.REGION}][{rule}][{RULE}]", e, values), Is.EqualTo("[][eu][][][r]"));
    }

    [Test]
    public void Render_DottedPath_NavigatesDictionariesAndJsonObjects()
    {
        using var json = JsonDocument.Parse("""{"run":{"id":"r-9","tries":3,"ok":true,"none":null}}""");
        IDictionary<string, object?> expando = new ExpandoObject();
        expando["id"] = "x-5";
        var e = Event(new()
        {
            ["run"] = new Dictionary<string, object?> { ["id"] = "r-1", ["host"] = new Dictionary<string, object?> { ["name"] = "worker-3" } },
            ["doc"] = json.RootElement,
            ["expando"] = expando,
            ["labels"] = new Dictionary<string, string> { ["team"] = "data" },
        });

        var rendered = Render("{run.id}|{attributes.run.host.name}|{doc.run.id}|{doc.run.tries}|{doc.run.ok}|{doc.run.none}|{expando.id}|{labels.team}|{run.missing.deeper}|{run.id.deeper}", e);

        Assert.That(rendered, Is.EqualTo("r-1|worker-3|r-9|3|true||x-5|data||"));
    }

    [Test]
    public void Render_DottedName_IsFirstTriedAsANameOfItsOwn()
    {
        var e = Event(new() { ["prefect.resource.id"] = "flow-run.123", ["prefect"] = new Dictionary<string, object?> { ["resource"] = "other" } });

        Assert.That(Render("{prefect.resource.id} {attributes.prefect.resource.id}", e), Is.EqualTo("flow-run.123 flow-run.123"));
    }

    [Test]
    public void Render_DottedPathIntoValues_NavigatesTheValue()
    {
        var values = new Dictionary<string, object?> { ["rule"] = new Dictionary<string, object?> { ["name"] = "disk-rule" } };

        Assert.That(Render("{rule.name}", Event(), values), Is.EqualTo("disk-rule"));
    }

    [Test]
    public void Render_UnknownAndNullNames_RenderEmpty()
    {
        var e = Some.Event(message: null, environment: null, attributes: new Dictionary<string, object?> { ["nothing"] = null });

        Assert.That(Render("[{unknown}][{nothing}][{nothing.deeper}][{environment}][{message}][{url}][{unknown:json}]", e), Is.EqualTo("[][][][][][][null]"));
    }

    [TestCase("{count}", "12345")]
    [TestCase("{count:N0}", "12,345")]
    [TestCase("{count:X}", "3039")]
    [TestCase("{count:Q}", "12345")]
    [TestCase("{ratio:P0}", "50 %")]
    [TestCase("{ratio}", "0.5")]
    [TestCase("{big}", "12345678901234567890")]
    [TestCase("{ok}", "true")]
    [TestCase("{ok:upper}", "TRUE")]
    [TestCase("{when}", "2026-11-22 09:12:00Z")]
    [TestCase("{when:yyyy}", "2026")]
    [TestCase("{local}", "2026-11-22 09:12:00Z")]
    [TestCase("{local:HH:mm}", "09:12")]
    [TestCase("{took}", "00:01:30")]
    [TestCase("{took:c}", "00:01:30")]
    [TestCase("{level}", "warning")]
    [TestCase("{day}", "friday")]
    [TestCase("{day:D}", "5")]
    [TestCase("{day:upper}", "FRIDAY")]
    [TestCase("{attributes.id}", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [TestCase("{link}", "https://example.com/a b")]
    [TestCase("{items}", "a, 2, true")]
    [TestCase("{map}", "k=v, n=1")]
    [TestCase("{map:json}", """{"k":"v","n":1}""")]
    [TestCase("{other}", "custom text")]
    [TestCase("{city:upper}", "ZÜRICH")]
    [TestCase("{city:lower}", "zürich")]
    public void Render_AttributeValues_FormatInvariantly(string text, string expected)
    {
        var e = Event(new()
        {
            ["count"] = 12345,
            ["ratio"] = 0.5,
            ["big"] = 12345678901234567890UL,
            ["ok"] = true,
            ["when"] = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
            ["local"] = new DateTime(2026, 11, 22, 9, 12, 0, DateTimeKind.Unspecified),
            ["took"] = TimeSpan.FromSeconds(90),
            ["level"] = AlertSeverity.Warning,
            ["day"] = DayOfWeek.Friday,
            ["id"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["link"] = new Uri("https://example.com/a b"),
            ["items"] = new object[] { "a", 2, true },
            ["map"] = new Dictionary<string, object?> { ["k"] = "v", ["n"] = 1 },
            ["other"] = new Custom(),
            ["city"] = "Zürich",
        });

        Assert.That(Render(text, e), Is.EqualTo(expected));
    }

    [Test]
    public void Render_FormatProvider_AppliesToFormattedValuesOnly()
    {
        var e = Event(new() { ["ratio"] = 1234.5, ["when"] = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero) });
        var german = CultureInfo.GetCultureInfo("de-DE");

        var rendered = Render("{ratio}|{ratio:N1}|{when:dddd}|{timestamp}|{severity}", e, formatProvider: german);

        Assert.That(rendered, Is.EqualTo("1234,5|1.234,5|Sonntag|2026-11-22 09:12:00Z|error"));
    }

    [Test]
    public void Render_AttributesBag_RendersPairs()
    {
        var e = Event(new() { ["a"] = 1, ["b"] = "x", ["c"] = null });

        Assert.That(Render("{attributes}", e), Is.EqualTo("a=1, b=x, c="));
    }

    [Test]
    public void Render_JsonFormat_WritesJsonText()
    {
        var e = Event(new() { ["tags"] = new Dictionary<string, object?> { ["n"] = 1, ["s"] = "q\"" } });

        Assert.That(Render("{tags:json} {severity:json} {timestamp:json}", e), Is.EqualTo("{\"n\":1,\"s\":\"q\\\"\"} \"error\" \"2026-11-22T09:12:00.0000000+00:00\""));
    }

    [Test]
    public void Render_BracesInsideValues_AreNotExpandedAgain()
    {
        var e = Event(new() { ["evil"] = "{source} {{x}} }" });

        Assert.That(Render("{evil}", e), Is.EqualTo("{source} {{x}} }"));
    }

    [Test]
    public void Render_SelfReferencingList_WritesTheCycleMarkerWhereItRecurs()
    {
        var list = new List<object?> { "x" };
        list.Add(list);

        var rendered = Render("{loop}", Event(new() { ["loop"] = list }));

        Assert.That(rendered, Is.EqualTo("x, …(cycle: contains itself)"));
    }

    [Test]
    public void Render_LongValues_GrowBeyondTheStackBuffer()
    {
        var big = new string('x', 5_000);
        var e = Event(new() { ["big"] = big });

        Assert.That(Render("<{big}>{big:upper}", e), Is.EqualTo("<" + big + ">" + big.ToUpperInvariant()));
    }

    [Test]
    public void Render_NoPlaceholders_ReturnsOneSharedString()
    {
        var template = MessageTemplate.Parse("static {{text}}");
        var first = template.Render(Event());

        Assert.That(template.Render(Some.Event()), Is.EqualTo("static {text}").And.SameAs(first));
    }

    [Test]
    public void Render_NullEvent_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => MessageTemplate.Parse("{source}").Render(null!));
    }

    // Templates of string fields and compiled times are measured and written straight into their result; a value
    // that needs escaping, a URL or another culture sends them the general way. Both must write the same text.
    [TestCase(TemplateEscaping.None, "Job nightly-import in prod at 09:12:00: Disk full", "Job nightly-import in prod at 09:12:00: <b>&</b> caf\u00e9 ")]
    [TestCase(TemplateEscaping.Html, "Job nightly-import in prod at 09:12:00: Disk full", "Job nightly-import in prod at 09:12:00: &lt;b&gt;&amp;&lt;/b&gt; caf\u00e9 ")]
    [TestCase(TemplateEscaping.SlackMrkdwn, "Job nightly-import in prod at 09:12:00: Disk full", "Job nightly-import in prod at 09:12:00: &lt;b&gt;&amp;&lt;/b&gt; caf\u00e9 ")]
    [TestCase(TemplateEscaping.Json, "Job nightly-import in prod at 09:12:00: Disk full", "Job nightly-import in prod at 09:12:00: \\u003Cb\\u003E\\u0026\\u003C/b\\u003E caf\u00e9 \\u0001")]
    [TestCase(TemplateEscaping.Url, "Job nightly-import in prod at 09%3A12%3A00: Disk%20full", "Job nightly-import in prod at 09%3A12%3A00: %3Cb%3E%26%3C%2Fb%3E%20caf%C3%A9%20%01")]
    public void Render_StringFieldsAndCompiledTime_WriteTheSameTextWhicheverWayTheyAreRendered(TemplateEscaping escaping, string plain, string hostile)
    {
        var template = MessageTemplate.Parse("Job {source} in {environment} at {timestamp:HH:mm:ss}: {message}");

        Assert.Multiple(() =>
        {
            Assert.That(template.Render(Event(), escaping), Is.EqualTo(plain));
            Assert.That(template.Render(Some.Event(environment: "prod", message: "<b>&</b> caf\u00e9 \u0001"), escaping), Is.EqualTo(hostile));
        });
    }

    [Test]
    public void Render_StringFieldsAndCompiledTime_FollowTheFormatProvider()
    {
        var template = MessageTemplate.Parse("{source} {timestamp:HH:mm:ss}");
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.TimeSeparator = ".";

        Assert.That(template.Render(Event(), formatProvider: culture), Is.EqualTo("nightly-import 09.12.00"));
    }

    [Test]
    public void Render_StringFieldsThatAreNotSet_RenderEmpty()
    {
        Assert.That(Render("[{environment}|{url}|{message}]", Some.Event(message: null)), Is.EqualTo("[||]"));
    }

    [TestCase("[{severity:upper}] {source} {status} at {timestamp:HH:mm:ss} ({timestamp}): {message} {count} {when} {level} {region} {attributes.region}", TemplateEscaping.None)]
    [TestCase("[{severity:upper}] {source} {status} at {timestamp:HH:mm:ss} ({timestamp}): {message} {count} {when} {level} {region} {attributes.region}", TemplateEscaping.Html)]
    [TestCase("[{severity:upper}] {source} {status} at {timestamp:HH:mm:ss} ({timestamp}): {message} {count} {when} {level} {region} {attributes.region}", TemplateEscaping.Url)]
    [TestCase("Job {source} failed in {environment} at {timestamp:yyyy-MM-dd HH:mm:ss}: {message}", TemplateEscaping.None)]
    [TestCase("Job {source} failed in {environment} at {timestamp:yyyy-MM-dd HH:mm:ss}: {message}", TemplateEscaping.Html)]
    public void Render_CommonValues_AllocatesOnlyTheResult(string text, TemplateEscaping escaping)
    {
        var template = MessageTemplate.Parse(text);
        var e = Event(new() { ["count"] = 4711, ["when"] = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), ["level"] = AlertSeverity.Warning, ["region"] = "eu-west-1" });
        var expected = template.Render(e, escaping);

        // The least a render allocates once warm: first calls may fill runtime caches (time formats, enum names, tiering).
        var allocated = Enumerable.Range(0, 20).Min(_ =>
        {
            var start = GC.GetAllocatedBytesForCurrentThread();
            template.Render(e, escaping);
            return GC.GetAllocatedBytesForCurrentThread() - start;
        });
        var before = GC.GetAllocatedBytesForCurrentThread();
        var copy = new string(expected.AsSpan());
        var oneString = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.EqualTo(oneString), copy);
    }

    [Test]
    public void Render_ManyThreads_ProduceTheSameText()
    {
        var template = MessageTemplate.Parse("Job {source} failed in {environment} at {timestamp:HH:mm}: {message} ({region}, {count:N0})");
        var e = Event(new() { ["region"] = "eu", ["count"] = 4711 });
        var expected = template.Render(e, TemplateEscaping.Html);
        var results = new string[1_000];

        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = template.Render(e, TemplateEscaping.Html));

        Assert.That(results, Is.All.EqualTo(expected));
    }

    private sealed class Custom
    {
        public override string ToString() => "custom text";
    }
}
