using Alerting.Incidents.Internal;
using Alerting.Incidents;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Benchmarks;

/// <summary>
/// Events through the incident gate: the store alone (one key, where every event after the first is a counted
/// duplicate, and 100,000 distinct keys, where every event opens an incident, so the memory allocated per operation
/// is the memory an open incident costs), and the whole pipeline with a rule that tracks incidents.
/// </summary>
/// <remarks><c>dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*IncidentBenchmarks*'</c></remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class IncidentBenchmarks
{
    private const int Events = 100_000;
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private readonly AlertEvent _event = new(AlertEventTypes.JobFailed, "import-eu", AlertSeverity.Error, "Disk full");
    private string[] _keys = null!;
    private InMemoryIncidentStore _store = null!;
    private ServiceProvider _provider = null!;
    private IAlertPublisher _publisher = null!;
    private PipelineBenchmarks.CountingSink _sink = null!;
    private AlertEvent[] _sameKey = null!;
    private AlertEvent[] _distinctKeys = null!;

    [GlobalSetup]
    public void Setup()
    {
        _keys = [.. Enumerable.Range(0, Events).Select(i => $"job.failed:import-{i}")];
        _sink = new PipelineBenchmarks.CountingSink();
        var services = new ServiceCollection();
        services.AddAlerting(alerting => alerting
            .Configure(o => o.QueueCapacity = 50_000)
            .AddNotifier<PipelineBenchmarks.NoOpNotifier, PipelineBenchmarks.NoOpNotifierOptions>("noop", o => o.Sink = _sink)
            .ConfigureChannel("noop", c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("noop")));
        _provider = services.BuildServiceProvider();
        _publisher = _provider.GetRequiredService<IAlertPublisher>();
        _sameKey = [.. Enumerable.Range(0, Events).Select(_ => new AlertEvent(AlertEventTypes.JobFailed, "import-eu", AlertSeverity.Error, "Disk full"))];
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _provider.DisposeAsync();

    [IterationSetup(Targets = [nameof(StoreOneKey), nameof(StoreDistinctKeys)])]
    public void NewStore() => _store = new InMemoryIncidentStore();

    /// <summary>Keys no earlier iteration used, so that every event opens an incident.</summary>
    [IterationSetup(Target = nameof(PipelineDistinctKeys))]
    public void NewKeys()
    {
        var iteration = Guid.NewGuid().ToString("N");
        _distinctKeys = [.. _keys.Select(key => new AlertEvent(AlertEventTypes.JobFailed, "import-eu", AlertSeverity.Error, "Disk full") { DedupKey = key + iteration })];
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task StoreOneKey()
    {
        for (var i = 0; i < Events; i++)
        {
            await _store.RecordFiringAsync("failures", "job.failed:import-eu", _event, s_now, TimeSpan.FromHours(4));
        }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task StoreDistinctKeys()
    {
        foreach (var key in _keys)
        {
            await _store.RecordFiringAsync("failures", key, _event, s_now, TimeSpan.FromHours(4));
        }
    }

    /// <summary>The same firing event again and again: all but the first are suppressed duplicates.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public async Task PipelineOneKey()
    {
        for (var i = 0; i < Events - 1; i++)
        {
            await _publisher.PublishAsync(_sameKey[i]);
        }

        await _publisher.PublishAndWaitAsync(_sameKey[^1]);
    }

    /// <summary>Every event a problem of its own: opens an incident and notifies.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public async Task PipelineDistinctKeys()
    {
        var done = _sink.Expect(Events);
        foreach (var e in _distinctKeys)
        {
            await _publisher.PublishAsync(e);
        }

        await done;
    }
}
