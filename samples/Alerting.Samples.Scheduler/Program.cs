// A worker host whose Quartz.NET jobs know nothing of Alerting: AddAlertingMonitoring() makes every execution a
// monitored run. One job succeeds, one fails every other time, one runs past its maximum run time, and one was due
// five minutes before the host started, so Quartz reports a misfire and then runs it late. Notifications go to the
// console; the host stops by itself after a few seconds. No configuration, account or network needed.
using Alerting;
using Alerting.Samples.Scheduler;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Quartz", LogLevel.None);   // Alerting reports the jobs' failures
builder.Services.AddAlerting(alerting => alerting
    .AddConsole("ops")
    .AddJob("import", job => job.NotifyOnSuccess = true)
    .AddJob("reports.weekly", job => job.NotifyOnSuccess = true)
    .AddJob("cleanup", job => job.MaxRunTime = TimeSpan.FromSeconds(1))
    .AddRule("jobs", rule => rule
        .ForTypes(AlertEventTypes.JobSucceeded, AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut, AlertEventTypes.JobStartMissed)
        .WithoutIncidents()
        .Notify("ops")));

builder.Services.AddQuartz(quartz =>
{
    quartz.UseInMemoryStore();
    quartz.AddAlertingMonitoring();   // the one line that monitors every job
    quartz.ScheduleJob<ImportJob>(t => t.WithIdentity("import").StartNow());
    quartz.ScheduleJob<FlakyJob>(t => t.WithIdentity("flaky").StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(1)).WithRepeatCount(1)), j => j.WithIdentity("flaky"));
    quartz.ScheduleJob<CleanupJob>(t => t.WithIdentity("cleanup").StartNow(), j => j.WithIdentity("cleanup"));
    quartz.ScheduleJob<ImportJob>(
        t => t.WithIdentity("weekly", "reports").StartAt(DateTimeOffset.UtcNow.AddMinutes(-5)).WithSimpleSchedule(s => s.WithMisfireHandlingInstructionFireNow()),
        j => j.WithIdentity("weekly", "reports"));
});
builder.Services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);

using var host = builder.Build();
await host.StartAsync();
await Task.Delay(TimeSpan.FromSeconds(4));
await host.StopAsync();
