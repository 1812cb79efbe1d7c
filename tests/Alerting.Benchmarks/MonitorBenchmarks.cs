using System.Globalization;
using Alerting.Monitoring;
using Alerting.Monitoring.Internal;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Benchmarks;

/// <summary>
/// The job monitor with 100,000 registered jobs (cron schedules with seconds, 60 distinct expressions, a grace period,
/// a maximum run time and a heartbeat timeout each), on a fake clock and a publisher that drops events: registering
/// them all (validation, schedules, the first deadline of each), one check of the deadline queue when nothing is due,
/// every job missing its start at once (each deadline popped, its event built and published, the next one queued),
/// and one run of each job from start to success.
/// </summary>
/// <remarks><c>dotnet run -c Release --project tests/Alerting.Benchmarks -- --filter '*MonitorBenchmarks*'</c></remarks>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 6)]
public class MonitorBenchmarks
{
    private const int Jobs = 100_000;
    private const int Ticks = 10_000;
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 1, 0, TimeSpan.Zero); // every first scheduled start lies between 09:05:00 and 09:05:59
    private AlertingOptions _options = null!;
    private string[] _names = null!;
    private FakeTimeProvider _time = null!;
    private JobMonitor _monitor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new AlertingOptions();
        _names = [.. Enumerable.Range(0, Jobs).Select(i => string.Create(CultureInfo.InvariantCulture, $"job-{i}"))];
        for (var i = 0; i < Jobs; i++)
        {
            _options.Jobs[_names[i]] = new MonitoredJobOptions
            {
                Schedule = string.Create(CultureInfo.InvariantCulture, $"{i % 60} */5 * * * *"),
                StartGracePeriod = TimeSpan.FromMinutes(1),
                MaxRunTime = TimeSpan.FromHours(1),
                HeartbeatTimeout = TimeSpan.FromMinutes(5),
            };
        }
    }

    [IterationSetup(Target = nameof(Register))]
    public void NewMonitor()
    {
        _time = new FakeTimeProvider(s_start);
        _monitor = new JobMonitor(Options.Create(new MonitoringSettings { Jobs = _options.Jobs, Services = _options.Services }), new DroppingPublisher(), _time);
    }

    [IterationSetup(Targets = [nameof(CheckNothingDue), nameof(CheckAllMissed), nameof(RunEachJob)])]
    public void StartedMonitor()
    {
        NewMonitor();
        _monitor.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void StopMonitor() => _monitor.Dispose();

    /// <summary>Per job: its validation, schedule and first deadline.</summary>
    [Benchmark(OperationsPerInvoke = Jobs)]
    public Task Register() => _monitor.StartAsync(CancellationToken.None);

    /// <summary>Per tick: a timer tick with 100,000 deadlines queued and none due, a peek, not a scan.</summary>
    [Benchmark(OperationsPerInvoke = Ticks)]
    public void CheckNothingDue()
    {
        for (var i = 0; i < Ticks; i++)
        {
            _monitor.CheckDeadlines();
        }
    }

    /// <summary>Per job: its missed start found, <c>job.start_missed</c> built and published, the next start queued.</summary>
    [Benchmark(OperationsPerInvoke = Jobs)]
    public void CheckAllMissed() => _time.Advance(TimeSpan.FromMinutes(7));

    /// <summary>Per job: <c>StartRun</c> (answering the scheduled start, queuing two run deadlines), a heartbeat and success.</summary>
    [Benchmark(OperationsPerInvoke = Jobs)]
    public void RunEachJob()
    {
        _time.Advance(TimeSpan.FromMinutes(4));
        foreach (var name in _names)
        {
            var run = _monitor.StartRun(name);
            run.Heartbeat();
            run.Succeeded();
        }
    }

    private sealed class DroppingPublisher : IAlertPublisher
    {
        public ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
