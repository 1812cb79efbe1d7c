using Alerting.Hangfire;
using Alerting.Monitoring;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>A real Hangfire server on in-memory storage whose jobs know nothing of Alerting, monitored through a server filter.</summary>
[TestFixture]
public class HangfireMonitoringTests
{
    private static int s_flakyCalls;

    [Test]
    public async Task Server_SucceedingFailingAndRetriedJobs_RaiseTheirEventsWithAttempts()
    {
        var sink = new JobEventSink();
        var services = new ServiceCollection();
        sink.AddAlerting(services, a => a
            .AddJob("HangfireMonitoringTests.Succeed", j => j.NotifyOnSuccess = true)
            .AddJob("HangfireMonitoringTests.SucceedOnRetry", j => j.NotifyOnSuccess = true));
        await using var provider = services.BuildServiceProvider();
        using var storage = new InMemoryStorage();
        var filters = new JobFilterCollection
        {
            new AlertingJobFilter(provider.GetRequiredService<IJobMonitor>()),
            new AutomaticRetryAttribute { Attempts = 1, DelaysInSeconds = [0] },
        };
        var client = new BackgroundJobClient(storage, filters);
        Interlocked.Exchange(ref s_flakyCalls, 0);
        client.Enqueue(() => Succeed());
        client.Enqueue(() => Fail());
        client.Enqueue(() => SucceedOnRetry());

        using (new BackgroundJobServer(new BackgroundJobServerOptions { FilterProvider = filters, WorkerCount = 2, SchedulePollingInterval = TimeSpan.FromMilliseconds(200) }, storage))
        {
            await sink.WaitUntilAsync(
                events => sink.For("HangfireMonitoringTests.Succeed", AlertEventTypes.JobSucceeded).Count == 1 &&
                    sink.For("HangfireMonitoringTests.Fail", AlertEventTypes.JobFailed).Count == 2 &&
                    sink.For("HangfireMonitoringTests.SucceedOnRetry", AlertEventTypes.JobSucceeded).Count == 1,
                "a success, a failure retried once, and a success on retry");
        }

        var failures = sink.For("HangfireMonitoringTests.Fail", AlertEventTypes.JobFailed);
        var flaky = sink.Events.Where(e => e.Source == "HangfireMonitoringTests.SucceedOnRetry").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures.Select(e => e.Attributes["attempt"]), Is.EquivalentTo(new object[] { 1, 2 }), "the retry is the second attempt");
            Assert.That(failures.Select(e => e.Attributes["error_type"]), Has.All.EqualTo(typeof(InvalidOperationException).FullName));
            Assert.That(failures[0].Attributes["error_message"], Is.EqualTo("The import source is gone."));
            Assert.That(flaky.Select(e => (e.Type, e.Attributes["attempt"])), Is.EqualTo(new[] { (AlertEventTypes.JobFailed, (object?)1), (AlertEventTypes.JobSucceeded, (object?)2) }));
        }
    }

    [Test]
    public async Task Server_RecurringJobThatDoesNotStart_RaisesStartMissedAndTheLateRunResolvesIt()
    {
        // Hangfire has no misfires: the job's schedule is registered with Alerting, whose monitor notices the missed start.
        var sink = new JobEventSink();
        var services = new ServiceCollection();
        sink.AddAlerting(services, a => a.AddJob("HangfireMonitoringTests.Late", j =>
        {
            // The start is missed at 2.3 s; the late run has until the next deadline (4.3 s) to resolve it alone.
            j.Interval = TimeSpan.FromSeconds(2);
            j.StartGracePeriod = TimeSpan.FromMilliseconds(300);
            j.NotifyOnSuccess = true;
        }));
        await using var provider = services.BuildServiceProvider();
        var monitor = provider.GetRequiredService<IJobMonitor>();
        using var storage = new InMemoryStorage();
        var filters = new JobFilterCollection { new AlertingJobFilter(monitor) };
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { FilterProvider = filters, WorkerCount = 1 }, storage);

        monitor.StartRun("warm-up").Succeeded(); // starts the monitor's checker, as a host's start would
        await sink.WaitUntilAsync(_ => sink.For("HangfireMonitoringTests.Late", AlertEventTypes.JobStartMissed).Count == 1, "the missed start");
        new BackgroundJobClient(storage, filters).Enqueue(() => Late());
        await sink.WaitUntilAsync(_ => sink.For("HangfireMonitoringTests.Late", AlertEventTypes.JobSucceeded).Count == 1, "the late run");

        var missed = sink.For("HangfireMonitoringTests.Late", AlertEventTypes.JobStartMissed);
        Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }));
    }

    public static void Succeed()
    {
    }

    public static void Late()
    {
    }

    public static void Fail() => throw new InvalidOperationException("The import source is gone.");

    public static void SucceedOnRetry()
    {
        if (Interlocked.Increment(ref s_flakyCalls) == 1)
        {
            throw new TimeoutException("The first try times out.");
        }
    }
}
