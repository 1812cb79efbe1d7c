using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>A real Quartz.NET scheduler (RAMJobStore) whose jobs know nothing of Alerting, monitored through its listeners.</summary>
[TestFixture]
public class QuartzMonitoringTests
{
    [Test]
    public async Task Scheduler_SucceedingFailingAndMisfiringJobs_RaiseTheirEvents()
    {
        var sink = new JobEventSink();
        var services = new ServiceCollection();
        sink.AddAlerting(services, a => a
            .AddJob("succeeding", j => j.NotifyOnSuccess = true)
            .AddJob("reports.misfiring", j => j.NotifyOnSuccess = true));
        services.AddQuartz(q =>
        {
            q.UseInMemoryStore();
            q.MisfireThreshold = TimeSpan.FromSeconds(1);
            q.AddAlertingMonitoring();
        });
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var now = DateTimeOffset.UtcNow;
        await scheduler.ScheduleJob(JobBuilder.Create<SucceedingJob>().WithIdentity("succeeding").Build(), TriggerBuilder.Create().StartNow().Build());
        await scheduler.ScheduleJob(JobBuilder.Create<FailingJob>().WithIdentity("failing").Build(), TriggerBuilder.Create().StartNow().Build());
        // Due five minutes ago, far past the misfire threshold: Quartz reports a misfire, then fires it now.
        await scheduler.ScheduleJob(
            JobBuilder.Create<SucceedingJob>().WithIdentity("misfiring", "reports").Build(),
            TriggerBuilder.Create().StartAt(now.AddMinutes(-5)).WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow()).Build());

        await scheduler.Start();
        try
        {
            await sink.WaitUntilAsync(
                events => sink.For("succeeding", AlertEventTypes.JobSucceeded).Count == 1 &&
                    sink.For("failing", AlertEventTypes.JobFailed).Count == 1 &&
                    sink.For("reports.misfiring", AlertEventTypes.JobSucceeded).Count == 1,
                "a success, a failure and the misfired job's late success");
        }
        finally
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        var failed = sink.For("failing", AlertEventTypes.JobFailed).Single();
        var missed = sink.For("reports.misfiring", AlertEventTypes.JobStartMissed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.Attributes["error_type"], Is.EqualTo(typeof(InvalidOperationException).FullName));
            Assert.That(failed.Attributes["error_message"], Is.EqualTo("The import source is gone."));
            Assert.That(failed.Attributes["attempt"], Is.EqualTo(1));
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }), "the misfire, then the late run that resolves it");
            Assert.That(missed[0].Attributes["reason"], Does.Contain("misfired"));
            Assert.That((DateTimeOffset)missed[0].Attributes["scheduled_at"]!, Is.EqualTo(now.AddMinutes(-5)).Within(TimeSpan.FromSeconds(1)));
        }
    }

    [Test]
    public void DefaultJobName_IsTheNameInTheDefaultGroupElseGroupDotName()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Alerting.Quartz.AlertingQuartzOptions.DefaultJobName(new JobKey("import")), Is.EqualTo("import"));
            Assert.That(Alerting.Quartz.AlertingQuartzOptions.DefaultJobName(new JobKey("import", "etl")), Is.EqualTo("etl.import"));
        }
    }

    internal sealed class SucceedingJob : IJob
    {
        public Task Execute(IJobExecutionContext context) => Task.CompletedTask;
    }

    internal sealed class FailingJob : IJob
    {
        public Task Execute(IJobExecutionContext context) => throw new InvalidOperationException("The import source is gone.");
    }
}
