// The Alerting demo: a worker host whose background jobs succeed, fail and raise a custom event. Rules turn those
// events into notifications on the console channel and, for failures, e-mails written as .eml files into a pickup
// folder under the temp directory (neither needs an account or network), then the demo prints the notification
// statistics and where the e-mails went, and exits by itself.
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
    .AddRule("job-failures", rule => rule
        .ForTypes(AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut)
        .WithMinimumSeverity(AlertSeverity.Error)
        .Notify("console", action => action.Message = "{message}\nRun {run_id}, attempt {attempt}, failed with {error_type}.")
        .Notify("email"))
    .AddRule("job-successes", rule => rule
        .ForTypes(AlertEventTypes.JobSucceeded)
        .Notify("console"))
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
            Console.WriteLine($"  (host callback: pausing the schedule of {context.Event.Source})");
            return ValueTask.CompletedTask;
        })));

builder.Services.AddHostedService<DemoJobs>();
var mailsBefore = CountMails();
await builder.Build().RunAsync();
Console.WriteLine($"E-mails written: {CountMails() - mailsBefore}, as .eml files any mail client opens, in {mailFolder}");

int CountMails() => Directory.Exists(mailFolder) ? Directory.GetFiles(mailFolder, "*.eml").Length : 0;
