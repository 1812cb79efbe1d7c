using System.Collections.Concurrent;
using Alerting.Diagnostics;
using Alerting.Monitoring;
using Microsoft.Extensions.Hosting;

namespace Alerting.Samples.Demo;

/// <summary>
/// Runs the demo's jobs through <see cref="IJobMonitor"/>, which raises the <c>job.*</c> events about them; publishes a
/// custom event; sends a test notification; prints the statistics; then stops the host.
/// </summary>
internal sealed class DemoJobs(
    IJobMonitor monitor,
    IAlertPublisher alerts,
    IAlertingTester tester,
    INotificationHistory history,
    IHostApplicationLifetime lifetime)
    : BackgroundService
{
    private static readonly ConcurrentQueue<string> s_hostNotes = new();

    /// <summary>
    /// Notes what the host did from a rule's callback; printed once the step's notifications are, since the callback
    /// and the console channel deliver in parallel and would otherwise print in either order.
    /// </summary>
    /// <param name="note">What the host did.</param>
    public static void HostNote(string note) => s_hostNotes.Enqueue(note);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Console.WriteLine("Alerting demo: three jobs run through IJobMonitor, which raises events about them (job.failed,");
        Console.WriteLine("job.timed_out...); rules turn events into notifications, printed here and also written as e-mails.");
        Console.WriteLine("Under each step, what it caused.");

        await StepAsync("nightly-import runs and succeeds.", stoppingToken);
        await monitor.RunAsync("nightly-import", ct => Task.Delay(100, ct), stoppingToken);
        Console.WriteLine("  (no notification: the monitor reports a success only when it follows a failure)");

        await StepAsync("billing-export runs and fails.", stoppingToken);
        await RunBillingExportAsync(fail: true, stoppingToken);

        await StepAsync("report-builder runs for 0.8 s, past its maximum run time of 0.5 s.", stoppingToken);
        await monitor.RunAsync("report-builder", ct => Task.Delay(800, ct), stoppingToken);

        await StepAsync("billing-export runs again and succeeds, which resolves its failure.", stoppingToken);
        await RunBillingExportAsync(fail: false, stoppingToken);

        // A custom event, published and waited for (as a console job that exits right after would): a rule's threshold
        // holds the first backlog report back, and lets the second through.
        await StepAsync("A queue monitor reports a backlog twice; the rule waits for two reports within five minutes.", stoppingToken);
        foreach (var depth in (int[])[1200, 1500])
        {
            var result = await alerts.PublishAndWaitAsync(
                new AlertEvent("orders.backlog", "queue-monitor", AlertSeverity.Info)
                {
                    Attributes = new Dictionary<string, object?> { ["queue"] = "orders-eu", ["depth"] = depth },
                },
                stoppingToken);
            Console.WriteLine($"  (publish-and-wait, depth {depth}: {string.Join("; ", result.Outcomes.Select(Describe))})");
        }

        await StepAsync("A test notification checks the console channel.", stoppingToken);
        var test = await tester.SendTestAsync("console", stoppingToken);
        Console.WriteLine($"  (test notification: {test.Status.ToString().ToLowerInvariant()})");

        await LetDeliveriesFinishAsync(stoppingToken);
        PrintHostNotes();
        Console.WriteLine();
        PrintStatistics(history.GetStatistics());
        lifetime.StopApplication();
    }

    private async Task RunBillingExportAsync(bool fail, CancellationToken cancellationToken)
    {
        try
        {
            await monitor.RunAsync(
                "billing-export",
                async ct =>
                {
                    await Task.Delay(50, ct);
                    if (fail)
                    {
                        throw new TimeoutException("The billing API did not answer within 30 s.");
                    }
                },
                cancellationToken);
        }
        catch (TimeoutException)
        {
            // RunAsync reported the run failed, then rethrew: a real scheduler would retry later; the demo does below.
        }
    }

    private static string Describe(DeliveryOutcome outcome) =>
        $"{outcome.Status.ToString().ToLowerInvariant()} on {outcome.ChannelName}{(outcome.Reason is { } reason ? $" ({reason.TrimEnd('.')})" : string.Empty)}";

    /// <summary>Prints what the next step does, once what the previous one raised has printed.</summary>
    private async Task StepAsync(string text, CancellationToken cancellationToken)
    {
        await LetDeliveriesFinishAsync(cancellationToken);
        PrintHostNotes();
        Console.WriteLine();
        Console.WriteLine(text);
    }

    private static void PrintHostNotes()
    {
        while (s_hostNotes.TryDequeue(out var note))
        {
            Console.WriteLine($"  ({note})");
        }
    }

    /// <summary>
    /// Delivery runs in the background, so a step's notifications may still be on their way when it returns. For tidy
    /// output only, waits until the history has recorded nothing new for a moment; an application never needs this.
    /// </summary>
    private async Task LetDeliveriesFinishAsync(CancellationToken cancellationToken)
    {
        long recorded;
        var now = history.GetStatistics().Total;
        do
        {
            recorded = now;
            await Task.Delay(150, cancellationToken);
            now = history.GetStatistics().Total;
        }
        while (now != recorded);
    }

    private static void PrintStatistics(NotificationStatistics stats)
    {
        Console.WriteLine($"Notifications in the last 24 h: {stats.Total}");
        var byChannel = stats.ByChannel.OrderBy(c => c.Key, StringComparer.Ordinal)
            .Select(c => $"{c.Key}: {string.Join(", ", c.Value.Select(s => $"{s.Key.ToString().ToLowerInvariant()} {s.Value}"))}");
        Console.WriteLine($"  per channel:  {string.Join("; ", byChannel)}");
        var bySeverity = stats.BySeverity.OrderByDescending(s => s.Key)
            .Select(s => $"{s.Key.ToString().ToLowerInvariant()} {s.Value.Values.Sum()}");
        Console.WriteLine($"  per severity: {string.Join("; ", bySeverity)}");
    }
}
