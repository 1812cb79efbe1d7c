using System.Diagnostics;
using System.Globalization;
using Alerting.IntegrationTests.Redis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Alerting.Benchmarks;

/// <summary>
/// What sharing incidents through a Redis-protocol server costs, against the in-process stores, in one run: the app of
/// <see cref="ScaleOutHarness.CreateApp"/> (a webhook channel to a loopback receiver, one rule tracking incidents) with
/// the in-process stores, then with <c>UseRedis</c> against Garnet hosted in this process, then against the server of
/// <c>ALERTING_TEST_REDIS</c> when it is set.
/// <list type="bullet">
/// <item>Commands per decision: the commands the app sends the server (StackExchange.Redis profiling) per event, over
/// 200 events one at a time (<c>PublishAndWaitAsync</c>) of each kind: a new incident (notified), a duplicate of an open
/// one (suppressed) and its resolve (sent). Each command is awaited before the next, so each is a round trip. A script
/// call counts as EVAL, though StackExchange.Redis loads each script once and then sends EVALSHA.</item>
/// <item>Latency: 300 new incidents one at a time, publish to arrival at the receiver, p50/p90/p99, with a bare
/// <see cref="HttpClient"/> POST of the same body to the same receiver as the floor.</item>
/// <item>Throughput: 20,000 failures over 1,000 dedup keys (so 19,000 duplicates) published at once with
/// <c>PublishAndWaitAsync</c>: events per second until each has its final outcome (routed; for the 1,000 new incidents,
/// delivered).</item>
/// </list>
/// Bounded: a fixed number of events, every wait capped; loopback only.
/// Run: <c>dotnet run -c Release --project tests/Alerting.Benchmarks -- redis-cost</c>.
/// </summary>
internal static class RedisCostHarness
{
    private const int Decisions = 200;
    private const int LatencySamples = 300;
    private const int BurstEvents = 20_000;
    private const int BurstKeys = 1_000;
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(2);

    public static async Task RunAsync()
    {
        using var receiver = new DeliveryHarness.LoopbackReceiver();
        var floor = await DeliveryHarness.BareLatenciesAsync(receiver, LatencySamples);
        var inProcess = await MeasureAsync(receiver, new Store("In-process", null));
        var shared = new List<Cost>();
        using (var garnet = RedisTestServer.StartGarnet())
        {
            shared.Add(await MeasureAsync(receiver, new Store($"Garnet {typeof(Garnet.GarnetServer).Assembly.GetName().Version?.ToString(3)} in-process", garnet.Configuration)));
        }

        if (RedisTestServer.External() is { } external)
        {
            using (external)
            {
                shared.Add(await MeasureAsync(receiver, new Store($"{ServerVersion(external.Configuration)} (ALERTING_TEST_REDIS)", external.Configuration)));
            }
        }

        Print(floor, inProcess, shared);
    }

    private static async Task<Cost> MeasureAsync(DeliveryHarness.LoopbackReceiver receiver, Store store)
    {
        using (store)
        {
            // Commands per decision, after a warm-up of every kind (the first script calls load the scripts).
            Commands opened, duplicate, resolved;
            await using (var provider = store.CreateApp(receiver.Url))
            {
                var publisher = provider.GetRequiredService<IAlertPublisher>();
                await DecideAsync(publisher, receiver, -20, 20, AlertStatus.Firing, 20);
                await DecideAsync(publisher, receiver, -20, 20, AlertStatus.Firing, 0);
                await DecideAsync(publisher, receiver, -20, 20, AlertStatus.Resolved, 20);
                opened = await store.CountCommandsAsync(() => DecideAsync(publisher, receiver, 0, Decisions, AlertStatus.Firing, Decisions));
                duplicate = await store.CountCommandsAsync(() => DecideAsync(publisher, receiver, 0, Decisions, AlertStatus.Firing, 0));
                resolved = await store.CountCommandsAsync(() => DecideAsync(publisher, receiver, 0, Decisions, AlertStatus.Resolved, Decisions));
            }

            List<double> latency;
            await using (var provider = store.CreateApp(receiver.Url))
            {
                latency = await DeliveryHarness.PublishLatenciesAsync(receiver, provider.GetRequiredService<IAlertPublisher>(), LatencySamples);
            }

            double perSecond;
            await using (var provider = store.CreateApp(receiver.Url))
            {
                var publisher = provider.GetRequiredService<IAlertPublisher>();
                await BurstAsync(publisher, receiver, BurstEvents / 10, BurstKeys, firstKey: -BurstKeys); // warm-up, other keys
                perSecond = BurstEvents / await BurstAsync(publisher, receiver, BurstEvents, BurstKeys, firstKey: 0);
            }

            return new Cost(store.Name, opened, duplicate, resolved, latency, perSecond);
        }
    }

    /// <summary>Publishes the events of keys <paramref name="first"/>.. one at a time, each routed before the next, then waits for the notifications they send.</summary>
    private static async Task DecideAsync(IAlertPublisher publisher, DeliveryHarness.LoopbackReceiver receiver, int first, int count, AlertStatus status, int notifications)
    {
        receiver.Reset();
        for (var i = first; i < first + count; i++)
        {
            await publisher.PublishAndWaitAsync(DeliveryHarness.SampleEvent(i, status)).WaitAsync(s_limit);
        }

        await receiver.WaitForAsync(notifications, s_limit);
    }

    /// <summary>Publishes <paramref name="events"/> failures over <paramref name="keys"/> keys at once; returns the seconds until each has its final outcome.</summary>
    private static async Task<double> BurstAsync(IAlertPublisher publisher, DeliveryHarness.LoopbackReceiver receiver, int events, int keys, int firstKey)
    {
        receiver.Reset();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, events).Select(i => publisher.PublishAndWaitAsync(DeliveryHarness.SampleEvent(firstKey + (i % keys))))).WaitAsync(s_limit);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await receiver.WaitForAsync(keys, s_limit);
        return seconds;
    }

    private static void Print(List<double> floor, Cost inProcess, List<Cost> shared)
    {
        Console.WriteLine($"Redis cost: the in-process stores against UseRedis on loopback, {Environment.ProcessorCount} cores, .NET {Environment.Version}, " +
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd}; server, app and receiver share the cores");
        Console.WriteLine($"| Measure | {inProcess.Name} | {string.Join(" | ", shared.Select(s => $"{s.Name} | ratio"))} |");
        Console.WriteLine($"|---|---|{string.Concat(shared.Select(_ => "---|---|"))}");
        Row("Commands per new incident (notified)", c => c.Opened.PerEvent, "F2", ratio: false);
        Row("Commands per duplicate (suppressed)", c => c.Duplicate.PerEvent, "F2", ratio: false);
        Row("Commands per resolve (sent)", c => c.Resolved.PerEvent, "F2", ratio: false);
        Row($"Publish to delivery p50 ms ({LatencySamples} new incidents)", c => DeliveryHarness.Percentile(c.Latency, 0.5), "F3", ratio: true);
        Row("Publish to delivery p90 ms", c => DeliveryHarness.Percentile(c.Latency, 0.9), "F3", ratio: true);
        Row("Publish to delivery p99 ms", c => DeliveryHarness.Percentile(c.Latency, 0.99), "F3", ratio: true);
        Row($"Events/s ({BurstEvents:N0} over {BurstKeys:N0} keys, to final outcome)", c => c.PerSecond, "N0", ratio: true);
        Console.WriteLine($"Bare POST floor: p50 {DeliveryHarness.Percentile(floor, 0.5):F3} ms, p90 {DeliveryHarness.Percentile(floor, 0.9):F3} ms, p99 {DeliveryHarness.Percentile(floor, 0.99):F3} ms");
        foreach (var cost in shared)
        {
            Console.WriteLine($"{cost.Name}, commands per event: new incident {cost.Opened}; duplicate {cost.Duplicate}; resolve {cost.Resolved}");
        }

        Console.WriteLine("(EVAL is a Lua script call: StackExchange.Redis loads each script once, then sends EVALSHA.)");

        void Row(string measure, Func<Cost, double> value, string format, bool ratio)
        {
            var baseline = value(inProcess);
            var cells = shared.Select(s => $"{value(s).ToString(format, CultureInfo.InvariantCulture)} | {(ratio ? (value(s) / baseline).ToString("F2", CultureInfo.InvariantCulture) : "–")}");
            Console.WriteLine($"| {measure} | {baseline.ToString(format, CultureInfo.InvariantCulture)} | {string.Join(" | ", cells)} |");
        }
    }

    private static string ServerVersion(string configuration)
    {
        using var connection = ConnectionMultiplexer.Connect(configuration);
        var info = connection.GetServers()[0].Info("server").SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return info.TryGetValue("valkey_version", out var valkey) ? $"Valkey {valkey}" : $"Redis {info.GetValueOrDefault("redis_version")}";
    }

    private sealed record Cost(string Name, Commands Opened, Commands Duplicate, Commands Resolved, List<double> Latency, double PerSecond);

    /// <summary>The commands sent for <see cref="Events"/> events, by name.</summary>
    private sealed record Commands(int Events, IReadOnlyList<(string Name, int Count)> ByName)
    {
        public double PerEvent => (double)ByName.Sum(c => c.Count) / Events;

        public override string ToString() =>
            ByName.Count == 0 ? "none" : string.Join(" + ", ByName.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {(double)c.Count / Events:0.##}")));
    }

    /// <summary>
    /// A store under test: the in-process stores (<paramref name="redis"/> null), or <c>UseRedis</c> with a connection
    /// of its own per app and a fresh key prefix, every command it sends counted while a count is under way.
    /// </summary>
    private sealed class Store(string name, string? redis) : IDisposable
    {
        private readonly List<ConnectionMultiplexer> _connections = [];
        private ProfilingSession? _session;

        public string Name => name;

        public ServiceProvider CreateApp(Uri receiver) =>
            ScaleOutHarness.CreateApp(receiver, redis is null ? null : a => a.UseRedis(_ => Connect(redis), $"redis-cost-{Guid.NewGuid():N}:"));

        public async Task<Commands> CountCommandsAsync(Func<Task> decide)
        {
            Volatile.Write(ref _session, new ProfilingSession());
            await decide();
            var commands = Interlocked.Exchange(ref _session, null)!.FinishProfiling();
            return new Commands(Decisions, [.. commands.GroupBy(c => c.Command, StringComparer.Ordinal).Select(g => (g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)]);
        }

        public void Dispose()
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        private ConnectionMultiplexer Connect(string configuration)
        {
            var connection = ConnectionMultiplexer.Connect(configuration);
            connection.RegisterProfiler(() => Volatile.Read(ref _session));
            _connections.Add(connection);
            return connection;
        }
    }
}
