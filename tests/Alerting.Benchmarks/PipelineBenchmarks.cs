using Alerting.Notifiers;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Benchmarks;

/// <summary>
/// The in-process pipeline end to end: PublishAsync → queue → rule index (1,000 rules) → render title and message →
/// channel queue → a notifier that does nothing → outcome recorded in history and metrics. One invocation pushes
/// <see cref="Events"/> events and waits until the last is delivered, so the reported time per operation is per event.
/// The rule has incidents off, so every event is delivered (see <see cref="IncidentBenchmarks"/> for the gate).
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    internal const int Events = 100_000;
    private ServiceProvider _provider = null!;
    private IAlertPublisher _publisher = null!;
    private CountingSink _sink = null!;
    private AlertEvent[] _events = null!;

    [GlobalSetup]
    public void Setup()
    {
        _sink = new CountingSink();
        var services = new ServiceCollection();
        services.AddAlerting(alerting =>
        {
            alerting.Configure(o => o.QueueCapacity = 50_000);
            alerting.AddNotifier<NoOpNotifier, NoOpNotifierOptions>("noop", o => o.Sink = _sink);
            alerting.ConfigureChannel("noop", c => c.MaxConcurrency = 1);
            for (var i = 0; i < 1_000; i++)
            {
                alerting.AddRule($"rule-{i}", r => r.ForTypes($"custom.type-{i}").Notify("noop"));
            }

            alerting.AddRule("failures", r => r
                .ForTypes(AlertEventTypes.JobFailed)
                .FromSources("import-*")
                .WithMinimumSeverity(AlertSeverity.Error)
                .WithoutIncidents()
                .Notify("noop", a => a.Title = "[{severity:upper}] {source} failed: {message}"));
        });
        _provider = services.BuildServiceProvider();
        _publisher = _provider.GetRequiredService<IAlertPublisher>();
        _events = [.. Enumerable.Range(0, Events).Select(i => new AlertEvent(AlertEventTypes.JobFailed, "import-eu", AlertSeverity.Error, "Disk full")
        {
            Attributes = new Dictionary<string, object?> { ["run_id"] = i },
        })];
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _provider.DisposeAsync();

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task PublishMatchRenderDeliver()
    {
        var done = _sink.Expect(Events);
        foreach (var e in _events)
        {
            await _publisher.PublishAsync(e);
        }

        await done;
    }

    internal sealed class NoOpNotifierOptions
    {
        public CountingSink Sink { get; set; } = new();
    }

    internal sealed class NoOpNotifier(NoOpNotifierOptions options) : INotifier
    {
        public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            options.Sink.Count();
            return ValueTask.FromResult(DeliveryResult.Delivered());
        }
    }

    internal sealed class CountingSink
    {
        private int _remaining;
        private TaskCompletionSource _done = new();

        public Task Expect(int count)
        {
            _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
            return _done.Task;
        }

        public void Count()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _done.TrySetResult();
            }
        }
    }
}
