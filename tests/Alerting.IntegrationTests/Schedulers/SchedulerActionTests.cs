using Alerting.Diagnostics;
using Alerting.Hangfire;
using Alerting.Monitoring;
using Alerting.Quartz;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;
using Quartz.Listener;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>Host actions from rules against real in-process schedulers: Quartz (RAMJobStore), Hangfire (in-memory storage) and Alerting's own monitor.</summary>
[TestFixture]
public class SchedulerActionTests
{
    [Test]
    public async Task QuartzAction_RuleOnThreeFailures_PausesTheTriggerOfTheJobThatFailed()
    {
        var history = new OutcomeSignal();
        var services = new ServiceCollection();
        services.AddSingleton<INotificationHistoryStore>(history);
        services.AddAlerting(a => a
            .AddQuartzAction("pause-import", o => o.Operation = QuartzOperation.PauseTrigger)
            .AddRule("import-keeps-failing", r => r
                .ForTypes(AlertEventTypes.JobFailed)
                .FromSources("etl.import")
                .AfterCount(3, TimeSpan.FromMinutes(5))
                .Notify("pause-import")));
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            q.AddAlertingMonitoring();
        });
        await using var provider = services.BuildServiceProvider();
        // Quartz keeps its logger factory in a static: point it at this provider's, not one an earlier test disposed.
        global::Quartz.Logging.LogContext.SetCurrentLogProvider(provider.GetRequiredService<ILoggerFactory>());
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var paused = new TaskCompletionSource<TriggerKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        scheduler.ListenerManager.AddSchedulerListener(new PauseSignal(paused));
        var trigger = new TriggerKey("every-moment", "etl");
        await scheduler.ScheduleJob(
            JobBuilder.Create<FailingJob>().WithIdentity("import", "etl").Build(),
            TriggerBuilder.Create().WithIdentity(trigger).StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(50)).RepeatForever()).Build());

        await scheduler.Start();
        try
        {
            Assert.That(await paused.Task.WaitAsync(JobEventSink.Guard), Is.EqualTo(trigger));
            var outcome = await history.ForChannelAsync("pause-import", status: DeliveryOutcomeStatus.Delivered);
            var before = history.Recorded.Where(o => o.ChannelName == "pause-import").TakeWhile(o => o != outcome).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await scheduler.GetTriggerState(trigger), Is.EqualTo(TriggerState.Paused));
                Assert.That(outcome.RuleName, Is.EqualTo("import-keeps-failing"));
                Assert.That(before.Select(o => o.Reason), Is.EqualTo(new[]
                {
                    "Threshold not reached: 1 of 3 matches within 00:05:00.",
                    "Threshold not reached: 2 of 3 matches within 00:05:00.",
                }), "the first two failures are held back; the third pauses the trigger");
            }
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }
    }

    [Test]
    public async Task JobRunAction_RuleOnTimedOut_CancelsTheMonitoredRun()
    {
        var history = new OutcomeSignal();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<AlertEvent>();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton<INotificationHistoryStore>(history);
        services.AddAlerting(a => a
            .AddJob("import", j => j.MaxRunTime = TimeSpan.FromMinutes(10))
            .AddJobRunAction("cancel-run")
            .AddRule("stop-overruns", r => r.ForTypes(AlertEventTypes.JobTimedOut).Notify("cancel-run"))
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Call(context =>
            {
                failures.Enqueue(context.Event);
                return ValueTask.CompletedTask;
            })));
        var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = provider.GetRequiredService<IJobMonitor>().RunAsync("import", async ct =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        await started.Task.WaitAsync(JobEventSink.Guard);

        time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(async () => await run.WaitAsync(JobEventSink.Guard), Throws.InstanceOf<OperationCanceledException>(), "the work observed the cancellation");
        var cancelled = await history.ForChannelAsync("cancel-run", AlertEventTypes.JobTimedOut);
        await history.ForChannelAsync("callback", AlertEventTypes.JobFailed);
        await provider.DisposeAsync(); // drains: the run's end resolves job.timed_out
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cancelled.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), cancelled.ToString());
            var ended = failures.Single();
            Assert.That(ended.Attributes["outcome"], Is.EqualTo("cancelled"));
            Assert.That(ended.Attributes["error_message"], Is.EqualTo("Cancelled by rule 'stop-overruns' on job.timed_out."));
            Assert.That(history.Recorded.Where(o => o.ChannelName == "cancel-run").Select(o => (o.Status, o.ReasonTag)), Is.EqualTo(new[]
            {
                (DeliveryOutcomeStatus.Delivered, (string?)null),
                (DeliveryOutcomeStatus.Skipped, DeliveryReasonTags.ResolveDisabled),
            }), "the resolve that the run's end sends is skipped: a host action acts only when a problem fires");
        }
    }

    [Test]
    public async Task JobRunAction_RunNotInProgress_IsRecordedAsPermanentFailure()
    {
        var history = new OutcomeSignal();
        var services = new ServiceCollection();
        services.AddSingleton<INotificationHistoryStore>(history);
        services.AddAlerting(a => a
            .AddJobRunAction("cancel-run")
            .AddRule("stop-overruns", r => r.ForTypes(AlertEventTypes.JobTimedOut).WithoutIncidents().Notify("cancel-run")));
        await using var provider = services.BuildServiceProvider();
        var timedOut = new AlertEvent(AlertEventTypes.JobTimedOut, "import", AlertSeverity.Error) { Attributes = new Dictionary<string, object?> { ["run_id"] = "gone" } };

        await provider.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(timedOut);

        var outcome = await history.ForChannelAsync("cancel-run");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(1), "a permanent failure is not retried");
            Assert.That(outcome.Reason, Does.Contain("No run gone of import is in progress"));
        }
    }

    [Test]
    public async Task HangfireAction_PauseThenResume_RemovesTheRecurringJobAndRestoresItsDefinition()
    {
        var history = new OutcomeSignal();
        using var storage = new InMemoryStorage();
        var services = new ServiceCollection();
        services.AddSingleton<INotificationHistoryStore>(history);
        services.AddSingleton<JobStorage>(storage);
        services.AddAlerting(a => a
            .AddHangfireAction("pause-import", o => { o.Operation = HangfireOperation.Pause; o.ResolveOperation = HangfireOperation.Resume; })
            .AddRule("import-failing", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pause-import")));
        await using var provider = services.BuildServiceProvider();
        var manager = new RecurringJobManager(storage);
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        manager.AddOrUpdate("nightly-import", Job.FromExpression(() => Import()), "0 2 * * *", new RecurringJobOptions { TimeZone = timeZone });
        var failed = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error) { Attributes = Recurring("nightly-import") };
        var publisher = provider.GetRequiredService<IAlertPublisher>();

        await publisher.PublishAndWaitAsync(failed);
        var whilePaused = Recurring(storage, "nightly-import");
        await publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "nightly-import") { Attributes = Recurring("nightly-import") });
        var resumed = Recurring(storage, "nightly-import");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.Recorded.Where(o => o.ChannelName == "pause-import").Select(o => o.Status), Is.EqualTo(new[] { DeliveryOutcomeStatus.Delivered, DeliveryOutcomeStatus.Delivered }));
            Assert.That(whilePaused.Removed, Is.True, "paused: no longer scheduled");
            Assert.That(resumed.Removed, Is.False);
            Assert.That(resumed.Cron, Is.EqualTo("0 2 * * *"));
            Assert.That(resumed.TimeZoneId, Is.EqualTo(timeZone.Id));
            Assert.That(resumed.Job?.Method.Name, Is.EqualTo(nameof(Import)));
        }
    }

    [Test]
    public async Task HangfireAction_RecurringJobFailsOnARealServer_TriggerEnqueuesARunAndAnUnknownIdFailsPermanently()
    {
        var history = new OutcomeSignal();
        var sink = new JobEventSink();
        using var storage = new InMemoryStorage();
        var services = new ServiceCollection();
        services.AddSingleton<INotificationHistoryStore>(history);
        services.AddSingleton<JobStorage>(storage);
        sink.AddAlerting(services, a => a
            .AddHangfireAction("retry-now", o => o.Operation = HangfireOperation.Trigger)
            .AddHangfireAction("retry-other", o => { o.Operation = HangfireOperation.Trigger; o.RecurringJobId = "no-such-job"; })
            .AddRule("rerun", r => r.ForTypes(AlertEventTypes.JobFailed).FromSources("flaky-import").WithoutIncidents().Notify("retry-now").Notify("retry-other")));
        await using var provider = services.BuildServiceProvider();
        var filters = new JobFilterCollection { new AlertingJobFilter(provider.GetRequiredService<IJobMonitor>()), new AutomaticRetryAttribute { Attempts = 0 } };
        var manager = new RecurringJobManager(storage, filters);
        manager.AddOrUpdate("flaky-import", Job.FromExpression(() => FailOnce()), Cron.Never());
        Interlocked.Exchange(ref s_flakyCalls, 0);

        using (new BackgroundJobServer(new BackgroundJobServerOptions { FilterProvider = filters, WorkerCount = 1 }, storage))
        {
            manager.TriggerJob("flaky-import");
            await sink.WaitUntilAsync(_ => sink.For("flaky-import", AlertEventTypes.JobSucceeded).Count == 1, "the failed run, then the run the action triggered");
        }

        var other = await history.ForChannelAsync("retry-other");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sink.For("flaky-import", AlertEventTypes.JobFailed).Single().Attributes["hangfire_recurring_job_id"], Is.EqualTo("flaky-import"));
            Assert.That((await history.ForChannelAsync("retry-now")).Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(other.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(other.Reason, Is.EqualTo("No recurring job 'no-such-job'."));
        }
    }

    private static int s_flakyCalls;

    public static void Import()
    {
    }

    public static void FailOnce()
    {
        if (Interlocked.Increment(ref s_flakyCalls) == 1)
        {
            throw new InvalidOperationException("The import source is gone.");
        }
    }

    private static Dictionary<string, object?> Recurring(string id) => new() { ["hangfire_recurring_job_id"] = id };

    private static RecurringJobDto Recurring(JobStorage storage, string id)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs([id]).Single();
    }

    internal sealed class FailingJob : IJob
    {
        public Task Execute(IJobExecutionContext context) => throw new InvalidOperationException("The import source is gone.");
    }

    private sealed class PauseSignal(TaskCompletionSource<TriggerKey> paused) : SchedulerListenerSupport
    {
        public override Task TriggerPaused(TriggerKey triggerKey, CancellationToken cancellationToken = default)
        {
            paused.TrySetResult(triggerKey);
            return Task.CompletedTask;
        }
    }
}
