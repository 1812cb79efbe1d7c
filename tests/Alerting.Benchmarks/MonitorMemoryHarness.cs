using System.Globalization;
using Alerting.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alerting.Benchmarks;

/// <summary>
/// The heap of 100,000 monitored jobs (cron schedules with seconds, 60 distinct expressions, a grace period, a maximum
/// run time and a heartbeat timeout each) in an app with Alerting started: the GC heap after a full collection, with
/// the jobs' options alone (what the app's configuration costs anyway) and with the monitor watching them.
/// Run: <c>dotnet run -c Release --project tests/Alerting.Benchmarks -- monitor-memory [jobs]</c>.
/// </summary>
internal static class MonitorMemoryHarness
{
    public static async Task RunAsync(int jobs)
    {
        var before = Heap();
        var options = new Dictionary<string, MonitoredJobOptions>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < jobs; i++)
        {
            options[string.Create(CultureInfo.InvariantCulture, $"job-{i}")] = new MonitoredJobOptions
            {
                Schedule = string.Create(CultureInfo.InvariantCulture, $"{i % 60} */5 * * * *"),
                StartGracePeriod = TimeSpan.FromMinutes(1),
                MaxRunTime = TimeSpan.FromHours(1),
                HeartbeatTimeout = TimeSpan.FromMinutes(5),
            };
        }

        var withOptions = Heap();
        var services = new ServiceCollection();
        services.AddAlerting(a =>
        {
            a.AddConsole("console");
            a.Configure(o =>
            {
                foreach (var (name, job) in options)
                {
                    o.Jobs[name] = job;
                }
            });
        });
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var watching = Heap();
        GC.KeepAlive(options);
        Console.WriteLine($"Monitor memory: {jobs:N0} jobs on cron schedules, GC heap after a full collection, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine($"| Empty process | {before / 1048576.0:F1} MiB |");
        Console.WriteLine($"| With the jobs' options | {withOptions / 1048576.0:F1} MiB |");
        Console.WriteLine($"| Alerting started, watching them | {watching / 1048576.0:F1} MiB ({(watching - withOptions) / (double)jobs:F0} B per job beyond its options) |");
        Console.WriteLine($"| Working set | {Environment.WorkingSet / 1048576.0:F1} MiB |");
    }

    private static long Heap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
