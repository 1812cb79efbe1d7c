using Alerting.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace Alerting.Samples.Demo;

/// <summary>Runs a few jobs that report to Alerting, prints what was delivered, then stops the host.</summary>
internal sealed class DemoJobs(IAlertPublisher alerts, IAlertingTester tester, INotificationHistory history, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Console.WriteLine("Alerting demo: running three jobs and a queue monitor.");
        Console.WriteLine();

        await Task.WhenAll(
            RunJobAsync("nightly-import", () => Task.CompletedTask, stoppingToken),
            RunJobAsync("billing-export", () => throw new TimeoutException("The billing API did not answer within 30 s."), stoppingToken),
            RunJobAsync("report-builder", () => Task.CompletedTask, stoppingToken));

        // A custom event: the first backlog report is held back by the rule's threshold, the second fires.
        for (var depth = 1200; depth <= 1500; depth += 300)
        {
            await alerts.PublishAsync(
                new AlertEvent("orders.backlog", "queue-monitor", AlertSeverity.Info)
                {
                    Attributes = new Dictionary<string, object?> { ["queue"] = "orders-eu", ["depth"] = depth },
                },
                stoppingToken);
        }

        // Publish-and-wait: for console jobs that must know the outcome before they exit.
        var result = await alerts.PublishAndWaitAsync(
            new AlertEvent(AlertEventTypes.JobTimedOut, "ledger-close", AlertSeverity.Critical, "Still running after 2 hours.")
            {
                Attributes = new Dictionary<string, object?> { ["run_id"] = "run-0917", ["attempt"] = 2, ["error_type"] = "MaxRunTimeExceeded" },
            },
            stoppingToken);
        Console.WriteLine($"  (publish-and-wait: {result.Outcomes.Count} outcome(s), all delivered: {result.AllDelivered})");

        var test = await tester.SendTestAsync("console", stoppingToken);
        Console.WriteLine($"  (test notification to 'console': {test.Status})");
        Console.WriteLine();

        // The console channel delivers one at a time, in order, so everything before the test send is done by now.
        PrintStatistics(history.GetStatistics());
        lifetime.StopApplication();
    }

    private async Task RunJobAsync(string job, Func<Task> work, CancellationToken cancellationToken)
    {
        var runId = $"run-{Random.Shared.Next(1000, 9999)}";
        try
        {
            await work();
            await alerts.PublishAsync(
                new AlertEvent(AlertEventTypes.JobSucceeded, job, AlertSeverity.Info, $"Run {runId} finished.") { Status = AlertStatus.Resolved },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await alerts.PublishAsync(
                new AlertEvent(AlertEventTypes.JobFailed, job, AlertSeverity.Error, ex.Message)
                {
                    Attributes = new Dictionary<string, object?>
                    {
                        ["run_id"] = runId,
                        ["attempt"] = 1,
                        ["error_type"] = ex.GetType().Name,
                    },
                },
                cancellationToken);
        }
    }

    private static void PrintStatistics(NotificationStatistics stats)
    {
        Console.WriteLine($"Notifications in the last 24 h: {stats.Total}");
        foreach (var (channel, counts) in stats.ByChannel.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {channel,-10} {string.Join(", ", counts.Select(c => $"{c.Key.ToString().ToLowerInvariant()} {c.Value}"))}");
        }

        foreach (var (severity, counts) in stats.BySeverity.OrderByDescending(s => s.Key))
        {
            Console.WriteLine($"  {severity.ToString().ToLowerInvariant(),-10} {counts.Values.Sum()}");
        }
    }
}
