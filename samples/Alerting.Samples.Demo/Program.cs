// The Alerting demo: a worker host whose jobs run through IJobMonitor. nightly-import succeeds (nothing is printed:
// a success is news only after a failure); billing-export fails, which opens an incident (ERROR) and pauses its schedule
// through a host callback, then succeeds on its next run, which resolves the incident (RESOLVED) and resumes it;
// report-builder runs past its maximum run time, so the monitor itself raises job.timed_out, resolved when the run
// ends. A custom orders.backlog event passes a rule's threshold on its second report (published and waited for), and a
// test notification checks the console channel. Notifications print on the console channel and, for job problems, are
// written as .eml e-mails into a pickup folder under the temp directory (neither needs an account or network); then the
// demo prints the notification statistics and where the e-mails went, and exits by itself within a few seconds.
using Alerting;
using Alerting.Samples.Demo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var mailFolder = Path.Combine(Path.GetTempPath(), "alerting-demo-mail");
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);

builder.Services.AddAlerting(alerting => alerting
    .Configure(options => options.Environment = "demo")
    .AddConsole("console")
    .ConfigureChannel("console", channel => channel.MaxConcurrency = 1)
    .AddEmail("email", email =>
    {
        email.PickupDirectory = mailFolder;
        email.From = "Alerting demo <alerts@demo.example>";
        email.To = ["ops@demo.example"];
    })
    .ConfigureChannel("email", channel => channel.MaxConcurrency = 1)
    // The jobs and what is expected of them: a run still going at its maximum run time raises job.timed_out.
    .AddJob("nightly-import", job => job.MaxRunTime = TimeSpan.FromSeconds(1))
    .AddJob("billing-export", job => job.MaxRunTime = TimeSpan.FromSeconds(1))
    .AddJob("report-builder", job => job.MaxRunTime = TimeSpan.FromMilliseconds(500))

    // No rule for job.succeeded: the monitor raises it only after a failure, and it resolves that job's open incidents
    // by itself, telling the channels the failure was sent to.
    .AddRule("job-failures", rule => rule
        .ForTypes(AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut)
        .WithMinimumSeverity(AlertSeverity.Error)
        .Notify("console", action => action.Message = "{message}")
        .Notify("email"))
    .AddRule("order-backlog", rule => rule
        .ForTypes("orders.backlog")
        .WhenAttributeMatches("queue", "^orders-")
        .AfterCount(2, TimeSpan.FromMinutes(5))
        .Notify("console", action =>
        {
            action.Severity = AlertSeverity.Warning;
            action.Title = "Backlog on {queue}: {depth} messages waiting";
            action.Message = "Raised by {source}; seen twice within five minutes, so it is not a blip.";
        }))
    .AddRule("pause-billing", rule => rule
        .ForTypes(AlertEventTypes.JobFailed)
        .FromSources("billing-*")
        .Call(context =>
        {
            // Host code; called again, with the event resolved, when the job's next success resolves the failure.
            var what = context.Event.Status == AlertStatus.Resolved ? "resuming" : "pausing";
            DemoJobs.HostNote($"host callback: {what} the schedule of {context.Event.Source}");
            return ValueTask.CompletedTask;
        })));

builder.Services.AddHostedService<DemoJobs>();
var mailsBefore = CountMails();
await builder.Build().RunAsync();
Console.WriteLine($"E-mails written: {CountMails() - mailsBefore}, as .eml files any mail client opens, in {mailFolder}");

int CountMails() => Directory.Exists(mailFolder) ? Directory.GetFiles(mailFolder, "*.eml").Length : 0;
