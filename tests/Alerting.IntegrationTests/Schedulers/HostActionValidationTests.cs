using Alerting.Diagnostics;
using Alerting.Hangfire;
using Alerting.Monitoring;
using Alerting.Quartz;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>Host actions are checked at start-up like any channel: every problem named with its channel and field.</summary>
[TestFixture]
public class HostActionValidationTests
{
    [Test]
    public async Task Validate_QuartzActionWithoutOperationAndAnEmptySchedulerName_NamesEachField()
    {
        var problems = await ValidateAsync(a => a.AddQuartzAction("pause", o => o.SchedulerName = ""));

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "Channel 'pause': SchedulerName is empty; leave it unset for the default scheduler.",
            "Channel 'pause': Operation is required (one of PauseTrigger, ResumeTrigger, PauseJob, ResumeJob).",
        }), string.Join("\n", problems));
    }

    [Test]
    public async Task Validate_QuartzActionWithUnknownOperationsAndAnUnclosedName_ReportsEach()
    {
        var problems = await ValidateAsync(a => a.AddQuartzAction("pause", o => { o.Operation = (QuartzOperation)9; o.ResolveOperation = QuartzOperation.ResumeTrigger; o.Name = "{unclosed"; }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Some.EqualTo("Channel 'pause': Operation '9' is not one of PauseTrigger, ResumeTrigger, PauseJob, ResumeJob."));
            Assert.That(problems, Has.Some.StartsWith("Channel 'pause': Name: "), string.Join("\n", problems));
        }
    }

    [Test]
    public async Task Validate_HangfireActionWithEmptyIdAndUnknownResolveOperation_NamesEachField()
    {
        var problems = await ValidateAsync(a => a.AddHangfireAction("pause", o => { o.RecurringJobId = " "; o.ResolveOperation = (HangfireOperation)7; }));

        Assert.That(problems, Is.EquivalentTo(new[]
        {
            "Channel 'pause': RecurringJobId is empty; leave it unset for {hangfire_recurring_job_id}, the recurring job of the event's run.",
            "Channel 'pause': Operation is required (one of Pause, Resume, Trigger).",
            "Channel 'pause': ResolveOperation '7' is not one of Pause, Resume, Trigger.",
        }));
    }

    [Test]
    public async Task Validate_JobRunActionWithBrokenRunIdTemplate_NamesTheField()
    {
        var problems = await ValidateAsync(a => a.AddJobRunAction("cancel", o => { o.Job = ""; o.RunId = "{run_id"; }));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Some.EqualTo("Channel 'cancel': Job is empty; leave it unset for the default {source}."));
            Assert.That(problems, Has.Some.StartsWith("Channel 'cancel': RunId: "), string.Join("\n", problems));
        }
    }

    [Test]
    public async Task Validate_HostActionsFromConfiguration_AreKnownTypesAndValid()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Channels:pause-import:Type"] = "quartz",
            ["Channels:pause-import:Operation"] = "PauseTrigger",
            ["Channels:pause-nightly:Type"] = "hangfire",
            ["Channels:pause-nightly:Operation"] = "Pause",
            ["Channels:pause-nightly:ResolveOperation"] = "Resume",
            ["Channels:cancel-run:Type"] = "job-run",
            ["Rules:overrun:EventTypes:0"] = "job.timed_out",
            ["Rules:overrun:Actions:0:Channel"] = "cancel-run",
        }).Build();
        var services = new ServiceCollection();
        services.AddAlerting(configuration, a => a.AddQuartzActionType().AddHangfireActionType());
        services.AddSingleton<ISchedulerFactory>(new global::Quartz.Impl.StdSchedulerFactory()); // what the quartz action acts through (AddQuartz registers one)
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IAlertingTester>().Validate(), Is.Empty);
    }

    private static async Task<IReadOnlyList<string>> ValidateAsync(Action<AlertingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddAlerting(configure);
        await using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IAlertingTester>().Validate();
    }
}
