using System.Text;
using Alerting;
using Alerting.Monitoring;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Samples.Testing;

/// <summary>
/// The app under test: an orders service whose nightly import runs through Alerting's job monitor, with its alerting
/// configured from appsettings.json — Slack for the team, SMS to the on-call phone when a failure stays unacknowledged
/// for an hour, and e-mail when a notification cannot be delivered.
/// </summary>
public static class OrdersApp
{
    /// <summary>The name of the nightly import, as the monitor and the rules know it.</summary>
    public const string NightlyImport = "nightly-import";

    /// <summary>The app's appsettings.json (secrets, such as Slack's webhook URL, come from the environment in production).</summary>
    public const string AppSettings = """
        {
          "Alerting": {
            "Channels": {
              "ops-slack": { "Type": "slack" },
              "on-call-sms": { "Type": "twilio", "From": "+14155550100", "To": [ "+14155550111" ] },
              "ops-email": { "Type": "email", "From": "alerts@orders.example", "To": [ "ops@orders.example" ] }
            },
            "EscalationPolicies": {
              "page-on-call": { "Levels": [ { "Delay": "01:00:00", "Channels": [ "on-call-sms" ] } ] }
            },
            "Rules": {
              "import-problems": {
                "EventTypes": [ "job.failed", "job.timed_out" ],
                "Sources": [ "nightly-import" ],
                "Incidents": { "EscalationPolicy": "page-on-call" },
                "Actions": [ { "Channel": "ops-slack", "Title": "Nightly import: {type} at {timestamp:HH:mm}" } ]
              },
              "undelivered": {
                "EventTypes": [ "delivery.failed" ],
                "Actions": [ { "Channel": "ops-email", "Title": "Could not notify {failed_channel}: {reason}" } ]
              }
            },
            "Jobs": {
              "nightly-import": { "MaxRunTime": "01:30:00" }
            }
          }
        }
        """;

    /// <summary>The app's configuration, as the host would read it.</summary>
    public static IConfiguration Configuration() =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(AppSettings))).Build();

    /// <summary>Registers the app's services: Alerting from its configuration, and the import.</summary>
    public static IServiceCollection AddOrdersApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAlerting(configuration.GetSection("Alerting"));
        services.AddSingleton<NightlyImportJob>();
        return services;
    }
}

/// <summary>Where the import reads orders from.</summary>
public interface IOrderFeed
{
    /// <summary>Imports the night's orders.</summary>
    Task ImportAsync(CancellationToken cancellationToken);
}

/// <summary>The nightly import: the app's scheduler calls <see cref="RunAsync"/>, and the monitor reports how each run went.</summary>
public sealed class NightlyImportJob(IJobMonitor monitor, IOrderFeed feed)
{
    /// <summary>Runs the import once, as a monitored run: a failure or an overrun raises an event, a later success resolves it.</summary>
    public Task RunAsync(CancellationToken cancellationToken = default) =>
        monitor.RunAsync(OrdersApp.NightlyImport, feed.ImportAsync, cancellationToken);
}
