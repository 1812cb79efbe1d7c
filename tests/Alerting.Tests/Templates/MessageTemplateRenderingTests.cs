using System.Text.Json;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Templates;

[TestFixture]
public sealed class MessageTemplateRenderingTests
{
    private static AlertEvent Event(Dictionary<string, object?>? attributes = null) =>
        Some.Event(source: "nightly-import", severity: AlertSeverity.Error, message: "Disk full", environment: "prod", attributes: attributes);

    [TestCase("{id}", "evt-1")]
    [TestCase("{type}", "job.failed")]
    [TestCase("{SOURCE}", "nightly-import")]
    [TestCase("{severity}", "error")]
    [TestCase("{severity:upper}", "ERROR")]
    [TestCase("{source:upper}", "NIGHTLY-IMPORT")]
    [TestCase("{status}", "firing")]
    [TestCase("{message}", "Disk full")]
    [TestCase("{environment}", "prod")]
    [TestCase("{dedup_key}", "job.failed:nightly-import")]
    [TestCase("{dedupKey}", "job.failed:nightly-import")]
    [TestCase("{timestamp}", "2026-11-22 09:12:00Z")]
    [TestCase("{timestamp:yyyy-MM-dd HH:mm zzz}", "2026-11-22 10:12 +01:00")]
    [TestCase("{url}", "https://runs.example/42")]
    [TestCase("{{literal}} {{{source}}}", "{literal} {nightly-import}")]
    public void Render_EventField_RendersItsText(string text, string expected)
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full")
        {
            Id = "evt-1",
            Environment = "prod",
            Timestamp = new DateTimeOffset(2026, 11, 22, 10, 12, 0, TimeSpan.FromHours(1)),
            Url = new Uri("https://runs.example/42"),
        };

        Assert.That(MessageTemplate.Parse(text).Render(e), Is.EqualTo(expected));
    }

    [Test]
    public void Render_PrefectStyleNames_ResolveToAttributes()
    {
        var e = Event(new() { ["flow_run_name"] = "crimson-fox", ["state"] = "Failed" });

        Assert.That(MessageTemplate.Parse("Run {flow_run_name} entered state {state}").Render(e), Is.EqualTo("Run crimson-fox entered state Failed"));
    }

    [Test]
    public void Render_ResolutionOrder_EventFieldThenValueThenAttribute()
    {
        var e = Event(new() { ["source"] = "attribute-source", ["rule"] = "attribute-rule", ["region"] = "eu" });
        var values = new Dictionary<string, object?> { ["rule"] = "value-rule", ["region"] = "value-region" };

        var rendered = MessageTemplate.Parse("{source}|{rule}|{region}|{attributes.region}|{attributes.source}").Render(e, values: values);

        Assert.That(rendered, Is.EqualTo("nightly-import|value-rule|value-region|eu|attribute-source"));
    }

    [Test]
    public void Render_DottedPath_NavigatesDictionariesAndJsonObjects()
    {
        using var json = JsonDocument.Parse("""{"run":{"id":"r-9","tries":3}}""");
        var e = Event(new()
        {
            ["run"] = new Dictionary<string, object?> { ["id"] = "r-1", ["host"] = new Dictionary<string, object?> { ["name"] = "worker-3" } },
            ["doc"] = json.RootElement,
            ["prefect.resource.id"] = "flow-run.123",
        });

        var rendered = MessageTemplate.Parse("{run.id} {attributes.run.host.name} {doc.run.id} {doc.run.tries} {prefect.resource.id} {run.missing.deeper}").Render(e);

        Assert.That(rendered, Is.EqualTo("r-1 worker-3 r-9 3 flow-run.123 "));
    }

    [Test]
    public void Render_UnknownAndNullNames_RenderEmpty()
    {
        var e = Event(new() { ["nothing"] = null });

        Assert.That(MessageTemplate.Parse("[{unknown}][{nothing}][{environment}]").Render(Some.Event(environment: null)), Is.EqualTo("[][][]"));
        Assert.That(MessageTemplate.Parse("[{nothing}]").Render(e), Is.EqualTo("[]"));
    }

    [TestCase("{count:N0}", "12,345")]
    [TestCase("{ratio:P0}", "50 %")]
    [TestCase("{ok}", "true")]
    [TestCase("{when:yyyy}", "2026")]
    [TestCase("{when}", "2026-11-22 09:12:00Z")]
    [TestCase("{took}", "00:01:30")]
    [TestCase("{level}", "warning")]
    [TestCase("{items}", "a, 2")]
    [TestCase("{count:Q}", "12345")]
    public void Render_AttributeValues_FormatInvariantly(string text, string expected)
    {
        var e = Event(new()
        {
            ["count"] = 12345,
            ["ratio"] = 0.5,
            ["ok"] = true,
            ["when"] = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
            ["took"] = TimeSpan.FromSeconds(90),
            ["level"] = AlertSeverity.Warning,
            ["items"] = new object[] { "a", 2 },
        });

        Assert.That(MessageTemplate.Parse(text).Render(e), Is.EqualTo(expected));
    }

    [Test]
    public void Render_AttributesBag_RendersPairs()
    {
        var e = Event(new() { ["a"] = 1, ["b"] = "x" });

        Assert.That(MessageTemplate.Parse("{attributes}").Render(e), Is.EqualTo("a=1, b=x"));
    }

    [Test]
    public void Render_BracesInsideValues_AreNotExpandedAgain()
    {
        var e = Event(new() { ["evil"] = "{source} {{x}}" });

        Assert.That(MessageTemplate.Parse("{evil}").Render(e), Is.EqualTo("{source} {{x}}"));
    }

    [Test]
    public void Render_JsonFormat_WritesTypedJson()
    {
        var e = Event(new() { ["tags"] = new Dictionary<string, object?> { ["n"] = 1, ["s"] = "q\"" } });

        Assert.That(MessageTemplate.Parse("{tags:json}").Render(e), Is.EqualTo("""{"n":1,"s":"q\""}"""));
    }

    [Test]
    public void Render_ManyThreads_ProduceTheSameText()
    {
        var template = MessageTemplate.Parse("Job {source} failed in {environment} at {timestamp:HH:mm}: {message} ({region})");
        var e = Event(new() { ["region"] = "eu" });
        var expected = template.Render(e);
        var results = new string[1_000];

        Parallel.For(0, results.Length, i => results[i] = template.Render(e));

        Assert.That(results, Is.All.EqualTo(expected));
    }

    [Test]
    public void Render_LongValues_GrowBeyondTheStackBuffer()
    {
        var big = new string('x', 5_000);
        var e = Event(new() { ["big"] = big });

        Assert.That(MessageTemplate.Parse("<{big}>{big}").Render(e), Is.EqualTo("<" + big + ">" + big));
    }
}
