using System.Globalization;
using Alerting.Templates;
using BenchmarkDotNet.Attributes;

namespace Alerting.Benchmarks;

/// <summary>
/// A compiled four-placeholder template against the equivalent C# interpolated string (the baseline), plus the same
/// kind of template escaping its values as JSON. Rendering should allocate only its result, as the baseline does.
/// </summary>
/// <remarks><c>dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*TemplateRendering*' --job short</c></remarks>
[MemoryDiagnoser]
public class TemplateRenderingBenchmarks
{
    private readonly MessageTemplate _template = MessageTemplate.Parse("Job {source} failed in {environment} at {timestamp:HH:mm:ss}: {message}");
    private readonly MessageTemplate _jsonText = MessageTemplate.Parse("{{\"source\":\"{source}\",\"message\":\"{message}\",\"region\":\"{region}\",\"run\":\"{run_id}\"}}");
    private readonly AlertEvent _event = new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full on /var/lib/data")
    {
        Environment = "production",
        Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
        Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1", ["run_id"] = 4711 },
    };

    [Benchmark(Baseline = true)]
    public string Interpolated() =>
        string.Create(CultureInfo.InvariantCulture, $"Job {_event.Source} failed in {_event.Environment} at {_event.Timestamp:HH:mm:ss}: {_event.Message}");

    [Benchmark]
    public string Template() => _template.Render(_event);

    [Benchmark]
    public string TemplateWithJsonEscaping() => _jsonText.Render(_event, TemplateEscaping.Json);
}
