using System.Diagnostics;
using System.Globalization;
using Alerting.IntegrationTests.Email;
using Alerting.Notifiers;
using Alerting.Notifiers.Email;
using Alerting.Notifiers.Email.Internal;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace Alerting.Benchmarks;

/// <summary>
/// A bounded load harness (not BenchmarkDotNet: it needs a real server): a burst of 200 e-mail notifications to a local
/// SMTP server (the integration tests' in-process one), sent by the channel's pooled connections versus a new connection (connect, EHLO, send, QUIT) per message,
/// at 1 and 4 concurrent senders. Prints messages per second (median of the measured rounds) and the connections the
/// server saw. Run: <c>dotnet run -c Release --project tests/Alerting.Benchmarks -- email-burst</c>.
/// </summary>
internal static class EmailBurstHarness
{
    private const int Burst = 200;
    private const int Rounds = 3;

    public static async Task RunAsync()
    {
        using var server = await SmtpTestServer.StartAsync();
        var options = new EmailOptions
        {
            Host = "127.0.0.1",
            Port = server.Port,
            Security = EmailSecurity.None,
            AllowPlainText = true,
            From = "Alerting <alerts@example.com>",
            To = ["ops@example.com"],
        };
        var notifications = Enumerable.Range(0, Burst).Select(Notification).ToArray();
        var builder = new EmailMessageBuilder(EmailAddresses.From(options), "example.com", TimeProvider.System);

        Console.WriteLine($"E-mail burst: {Burst} messages to an in-process SMTP server on 127.0.0.1, {Environment.ProcessorCount} cores, median of {Rounds} rounds after a warm-up");
        Console.WriteLine("| Mode | Senders | Messages/s | Connections per burst |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var senders in new[] { 1, 4 })
        {
            await MeasureAsync(server, "pooled (EmailNotifier)", senders, async () =>
            {
                await using var notifier = new EmailNotifier(options);
                await SendAllAsync(senders, async n => Check(await notifier.SendAsync(n, CancellationToken.None)));
            });
            await MeasureAsync(server, "connection per message", senders, () => SendAllAsync(senders, async n =>
            {
                using var client = new SmtpClient();
                await client.ConnectAsync(options.Host, options.Port, SecureSocketOptions.None);
                await client.SendAsync(builder.Build(n));
                await client.DisconnectAsync(quit: true);
            }));
        }
    }

    private static async Task MeasureAsync(SmtpTestServer server, string mode, int senders, Func<Task> burst)
    {
        await burst();
        var rates = new List<double>();
        var connections = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var before = server.Connections;
            var started = Stopwatch.GetTimestamp();
            await burst();
            rates.Add(Burst / Stopwatch.GetElapsedTime(started).TotalSeconds);
            connections = server.Connections - before;
        }

        rates.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {mode} | {senders} | {rates[Rounds / 2]:F0} | {connections} |"));
    }

    private static Task SendAllAsync(int senders, Func<Notification, Task> send) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, Burst).Select(Notification),
            new ParallelOptions { MaxDegreeOfParallelism = senders },
            async (n, _) => await send(n));

    private static void Check(DeliveryResult result)
    {
        if (!result.IsDelivered)
        {
            throw new InvalidOperationException($"Delivery failed: {result}");
        }
    }

    private static Notification Notification(int i)
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, $"import-{i}", AlertSeverity.Error, "Disk full")
        {
            Attributes = new Dictionary<string, object?> { ["run_id"] = i, ["region"] = "eu-west" },
        };
        return new Notification
        {
            ChannelName = "ops-email",
            Event = e,
            Severity = e.Severity,
            DedupKey = e.EffectiveDedupKey,
            Title = $"[ERROR] Job import-{i} failed (firing)",
            Message = "Job failed.\nDisk full",
        };
    }
}
