using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Alerting.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Benchmarks;

/// <summary>
/// Webhook deliveries through the library against a bare <see cref="HttpClient"/> POST of the same body, both to one
/// loopback receiver in this process (a raw-socket HTTP/1.1 server that answers 200 and allocates nothing per request),
/// measured in the same run so that the ratios hold on a noisy machine.
/// <list type="bullet">
/// <item><c>delivery-throughput</c>: N deliveries at MaxConcurrency 1, 4, 8 and 32 (the baseline with as many
/// connections and concurrent posts): deliveries/s, CPU ms per 1,000 and bytes allocated per delivery, process-wide
/// (the receiver's share is the same for both), and each ratio to the baseline.</item>
/// <item><c>delivery-latency</c>: one event at a time, publish to arrival at the receiver, p50/p90/p99 over a few hundred
/// samples, against the same figures for one bare POST (the floor).</item>
/// </list>
/// Bounded: a fixed number of deliveries, each wait capped; loopback only.
/// Run: <c>dotnet run -c Release --project tests/Alerting.Benchmarks -- delivery-throughput [deliveries]</c> or
/// <c>-- delivery-latency [samples]</c>.
/// </summary>
internal static class DeliveryHarness
{
    private static readonly int[] s_concurrencies = [1, 4, 8, 32];
    private static readonly TimeSpan s_roundLimit = TimeSpan.FromMinutes(2);

    public static async Task RunThroughputAsync(int deliveries)
    {
        using var receiver = new LoopbackReceiver();
        var body = Encoding.UTF8.GetBytes(JsonTemplate.EventPayload.Render(SampleEvent(0), TemplateEscaping.None, null, CultureInfo.InvariantCulture));
        Console.WriteLine($"Webhook deliveries: {deliveries:N0} per round to a loopback receiver, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        Console.WriteLine("| Concurrency | Library deliveries/s | Bare POST/s | Ratio | Library CPU ms/1000 | Bare CPU ms/1000 | Ratio | Library B/delivery | Bare B/delivery |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var concurrency in s_concurrencies)
        {
            // Warm both paths once with a small round, then measure.
            await BareAsync(receiver, body, concurrency, Math.Min(deliveries, 500));
            await LibraryAsync(receiver, concurrency, Math.Min(deliveries, 500));
            var bare = await BareAsync(receiver, body, concurrency, deliveries);
            var library = await LibraryAsync(receiver, concurrency, deliveries);
            Console.WriteLine(
                $"| {concurrency} | {library.PerSecond:N0} | {bare.PerSecond:N0} | {library.PerSecond / bare.PerSecond:F2} | " +
                $"{library.CpuMsPerThousand:F0} | {bare.CpuMsPerThousand:F0} | {library.CpuMsPerThousand / bare.CpuMsPerThousand:F2} | " +
                $"{library.BytesPerDelivery:N0} | {bare.BytesPerDelivery:N0} |");
        }
    }

    /// <summary>
    /// Where a delivery's bytes go: <paramref name="deliveries"/> webhook deliveries at MaxConcurrency 8 with the
    /// runtime's allocation ticks sampled, printing the types that allocate most (bytes per delivery, estimated from the
    /// samples and the measured total).
    /// </summary>
    public static async Task RunAllocationsAsync(int deliveries)
    {
        using var receiver = new LoopbackReceiver();
        using var sampler = new AllocationSampler();
        await LibraryAsync(receiver, 8, Math.Min(deliveries, 500));
        sampler.Start();
        var round = await LibraryAsync(receiver, 8, deliveries);
        sampler.Stop();
        Console.WriteLine($"Allocations: {deliveries:N0} webhook deliveries at MaxConcurrency 8, {round.BytesPerDelivery:N0} B per delivery (process-wide), top types by sampled bytes:");
        Console.WriteLine("| Type | Share | ~B/delivery |");
        Console.WriteLine("|---|---|---|");
        foreach (var (type, _, share) in sampler.Top(30))
        {
            Console.WriteLine($"| {type} | {share:P1} | {share * round.BytesPerDelivery:N0} |");
        }
    }

    public static async Task RunLatencyAsync(int samples)
    {
        using var receiver = new LoopbackReceiver();
        var floor = await BareLatenciesAsync(receiver, samples);
        await using var provider = CreateLibrary(receiver, 1);
        var library = await PublishLatenciesAsync(receiver, provider.GetRequiredService<IAlertPublisher>(), samples);

        Console.WriteLine($"Single-event latency: {samples} samples after 20 warm-up, publish (or send) to arrival at a loopback receiver, {Environment.ProcessorCount} cores");
        Console.WriteLine("| Path | p50 ms | p90 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| Bare POST (floor) | {Percentile(floor, 0.5):F3} | {Percentile(floor, 0.9):F3} | {Percentile(floor, 0.99):F3} |");
        Console.WriteLine($"| Library webhook | {Percentile(library, 0.5):F3} | {Percentile(library, 0.9):F3} | {Percentile(library, 0.99):F3} |");
    }

    /// <summary>One bare POST of the sample event's body at a time over one connection: ms from send to arrival, after 20 warm-up posts.</summary>
    internal static async Task<List<double>> BareLatenciesAsync(LoopbackReceiver receiver, int samples)
    {
        var body = Encoding.UTF8.GetBytes(JsonTemplate.EventPayload.Render(SampleEvent(0), TemplateEscaping.None, null, CultureInfo.InvariantCulture));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 });
        return await LatenciesAsync(receiver, samples, settle: false, async _ =>
        {
            using var content = new ByteArrayContent(body);
            using var response = await http.PostAsync(receiver.Url, content);
        });
    }

    /// <summary>
    /// One event at a time (<see cref="SampleEvent"/> <c>i</c>, a new dedup key each) published to arrival at
    /// <paramref name="receiver"/>, in ms, after 20 warm-up events; <paramref name="publisher"/> must deliver each to it.
    /// </summary>
    internal static Task<List<double>> PublishLatenciesAsync(LoopbackReceiver receiver, IAlertPublisher publisher, int samples) =>
        LatenciesAsync(receiver, samples, settle: true, i => publisher.PublishAsync(SampleEvent(i)).AsTask());

    private static async Task<List<double>> LatenciesAsync(LoopbackReceiver receiver, int samples, bool settle, Func<int, Task> send)
    {
        const int WarmUp = 20;
        var latencies = new List<double>(samples);
        for (var i = 0; i < samples + WarmUp; i++)
        {
            var arrived = receiver.NextArrival();
            var started = Stopwatch.GetTimestamp();
            await send(i);
            var at = await arrived.WaitAsync(s_roundLimit);
            if (i >= WarmUp)
            {
                latencies.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            }

            if (settle)
            {
                // Let the library finish recording the delivery before the next sample starts.
                await Task.Delay(1);
            }
        }

        return latencies;
    }

    /// <summary>
    /// Recovery: the receiver answers three 500s, then 200; the time from publish to the successful arrival with the
    /// channel's default retry policy, against the same with the former default (1 s base delay) in the same run; then
    /// three 429s carrying <c>Retry-After: 1</c>, which the retries must honour whatever the backoff.
    /// </summary>
    public static async Task RunRecoveryAsync(int samples)
    {
        using var receiver = new LoopbackReceiver();
        var cases = new (string Name, string Failure, Action<DeliveryRetryOptions>? Retry)[]
        {
            ("3 × 500, default retry policy", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", null),
            ("3 × 500, former default (1 s base)", "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n", r => r.BaseDelay = TimeSpan.FromSeconds(1)),
            ("3 × 429 Retry-After: 1, default policy", "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n", null),
        };

        Console.WriteLine($"Recovery: {samples} deliveries per case, publish to the successful arrival at a loopback receiver, {Environment.ProcessorCount} cores");
        Console.WriteLine("| Case | median s | min s | max s |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, failure, retry) in cases)
        {
            await using var provider = CreateLibrary(receiver, 1, retry);
            var publisher = provider.GetRequiredService<IAlertPublisher>();
            var times = new List<double>();
            for (var i = 0; i < samples; i++)
            {
                receiver.FailNext(3, failure);
                var arrived = receiver.NextArrival();
                var started = Stopwatch.GetTimestamp();
                await publisher.PublishAsync(SampleEvent(i));
                times.Add(Stopwatch.GetElapsedTime(started, await arrived.WaitAsync(s_roundLimit)).TotalSeconds);
            }

            Console.WriteLine($"| {name} | {Percentile(times, 0.5):F2} | {times.Min():F2} | {times.Max():F2} |");
        }
    }

    /// <summary>
    /// Runs <paramref name="runs"/> fresh processes (this harness, <c>first-event-child</c>), each of which builds the
    /// service provider, starts Alerting's hosted services as a host would, then publishes one event: prints the first
    /// <c>PublishAsync</c>'s duration and the time from the started host to the event's arrival here, with
    /// <see cref="AlertingOptions.WarmUp"/> on (the default) and off (Stopwatch
    /// timestamps are the system's monotonic clock, the same in both processes); then as many processes that create an
    /// HttpClient and post the same body once, the floor of a first request in a fresh process.
    /// </summary>
    public static async Task RunFirstEventAsync(int runs)
    {
        using var receiver = new LoopbackReceiver();
        var (toArrival, publish) = await FreshProcessesAsync(receiver, runs, "library");
        var (coldToArrival, coldPublish) = await FreshProcessesAsync(receiver, runs, "library-cold");
        var (bareToArrival, _) = await FreshProcessesAsync(receiver, runs, "bare");

        Console.WriteLine($"First event: {runs} fresh processes each, started host (or a new HttpClient) to arrival at a loopback receiver, {Environment.ProcessorCount} cores");
        Console.WriteLine("| Measure | median ms | min ms | max ms |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| Library: started host to arrival | {Percentile(toArrival, 0.5):F1} | {toArrival.Min():F1} | {toArrival.Max():F1} |");
        Console.WriteLine($"| Library: first PublishAsync | {Percentile(publish, 0.5):F2} | {publish.Min():F2} | {publish.Max():F2} |");
        Console.WriteLine($"| Library, WarmUp off: started host to arrival | {Percentile(coldToArrival, 0.5):F1} | {coldToArrival.Min():F1} | {coldToArrival.Max():F1} |");
        Console.WriteLine($"| Library, WarmUp off: first PublishAsync | {Percentile(coldPublish, 0.5):F2} | {coldPublish.Min():F2} | {coldPublish.Max():F2} |");
        Console.WriteLine($"| Bare HttpClient: first POST to arrival | {Percentile(bareToArrival, 0.5):F1} | {bareToArrival.Min():F1} | {bareToArrival.Max():F1} |");
    }

    private static async Task<(List<double> ToArrival, List<double> Publish)> FreshProcessesAsync(LoopbackReceiver receiver, int runs, string mode)
    {
        var toArrival = new List<double>();
        var publish = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var arrived = receiver.NextArrival();
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]); // 'dotnet Alerting.Benchmarks.dll'
            }

            start.ArgumentList.Add("first-event-child");
            start.ArgumentList.Add(mode);
            start.ArgumentList.Add(receiver.Url.AbsoluteUri);
            using var child = Process.Start(start)!;
            var report = (await child.StandardOutput.ReadToEndAsync().WaitAsync(s_roundLimit)).Split(' ');
            await child.WaitForExitAsync().WaitAsync(s_roundLimit);
            var at = await arrived.WaitAsync(s_roundLimit);
            var started = long.Parse(report[0], CultureInfo.InvariantCulture);
            toArrival.Add(Stopwatch.GetElapsedTime(started, at).TotalMilliseconds);
            publish.Add(double.Parse(report[1], CultureInfo.InvariantCulture));
        }

        return (toArrival, publish);
    }

    /// <summary>
    /// The child of <see cref="RunFirstEventAsync"/>: starts Alerting as a host does and publishes one event, or
    /// (<paramref name="mode"/> <c>bare</c>) creates an HttpClient and posts the same body once; reports the start.
    /// </summary>
    public static async Task FirstEventChildAsync(string mode, Uri receiverUrl)
    {
        if (mode == "bare")
        {
            var body = Encoding.UTF8.GetBytes(JsonTemplate.EventPayload.Render(SampleEvent(0), TemplateEscaping.None, null, CultureInfo.InvariantCulture));
            var begun = Stopwatch.GetTimestamp();
            using var http = new HttpClient();
            using var content = new ByteArrayContent(body);
            using var response = await http.PostAsync(receiverUrl, content);
            Console.Write(string.Create(CultureInfo.InvariantCulture, $"{begun} 0"));
            return;
        }

        var services = new ServiceCollection();
        services.AddAlerting(a => a
            .Configure(o => o.WarmUp = mode != "library-cold")
            .AddWebhook("hook", o =>
            {
                o.Url = receiverUrl.AbsoluteUri;
                o.Http.AllowInsecureHttp = true;
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("hook")));
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        var publisher = provider.GetRequiredService<IAlertPublisher>();
        var alert = SampleEvent(0);
        var started = Stopwatch.GetTimestamp();
        await publisher.PublishAsync(alert);
        var publishMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Console.Write(string.Create(CultureInfo.InvariantCulture, $"{started} {publishMs}"));
        // Disposing the provider drains: the event is delivered before the process exits.
    }

    private static async Task<Round> BareAsync(LoopbackReceiver receiver, byte[] body, int concurrency, int deliveries)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, AllowAutoRedirect = false });
        var remaining = deliveries;
        return await MeasureAsync(receiver, deliveries, () => Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Interlocked.Decrement(ref remaining) >= 0)
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
                using var response = await http.PostAsync(receiver.Url, content);
                response.EnsureSuccessStatusCode();
            }
        })));
    }

    private static async Task<Round> LibraryAsync(LoopbackReceiver receiver, int concurrency, int deliveries)
    {
        await using var provider = CreateLibrary(receiver, concurrency);
        var publisher = provider.GetRequiredService<IAlertPublisher>();
        await publisher.PublishAndWaitAsync(SampleEvent(-1)); // starts dispatch and opens a connection, outside the measure
        receiver.Reset();
        return await MeasureAsync(receiver, deliveries, async () =>
        {
            for (var i = 0; i < deliveries; i++)
            {
                await publisher.PublishAsync(SampleEvent(i));
            }

            await receiver.WaitForAsync(deliveries, s_roundLimit);
        });
    }

    private static ServiceProvider CreateLibrary(LoopbackReceiver receiver, int concurrency, Action<DeliveryRetryOptions>? retry = null)
    {
        var services = new ServiceCollection();
        services.AddAlerting(a => a
            .Configure(o => o.QueueCapacity = 100_000)
            .AddWebhook("hook", o =>
            {
                o.Url = receiver.Url.AbsoluteUri;
                o.Http.AllowInsecureHttp = true;
            })
            .ConfigureChannel("hook", c =>
            {
                c.MaxConcurrency = concurrency;
                c.QueueCapacity = 100_000;
                retry?.Invoke(c.Retry);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("hook")));
        return services.BuildServiceProvider();
    }

    private static async Task<Round> MeasureAsync(LoopbackReceiver receiver, int deliveries, Func<Task> run)
    {
        receiver.Reset();
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        await run().WaitAsync(s_roundLimit);
        await receiver.WaitForAsync(deliveries, s_roundLimit);
        watch.Stop();
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        return new Round(deliveries / watch.Elapsed.TotalSeconds, cpu.TotalMilliseconds * 1000 / deliveries, (double)allocated / deliveries);
    }

    /// <summary>A job failure (or, with <paramref name="status"/> resolved, its recovery) with the dedup key <c>import-{i}</c>.</summary>
    internal static AlertEvent SampleEvent(int i, AlertStatus status = AlertStatus.Firing) =>
        new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full on db-1")
        {
            DedupKey = "import-" + i.ToString(CultureInfo.InvariantCulture),
            Status = status,
            Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1", ["rows"] = 42 },
        };

    internal static double Percentile(List<double> values, double p)
    {
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)(p * values.Count))];
    }

    private readonly record struct Round(double PerSecond, double CpuMsPerThousand, double BytesPerDelivery);

    /// <summary>
    /// A minimal HTTP/1.1 server on 127.0.0.1 for POSTs with a Content-Length: reads each request into a pooled buffer,
    /// counts it, answers 200 with no body and keeps the connection open.
    /// </summary>
    /// <summary>A raw-socket HTTP/1.1 receiver on 127.0.0.1 that answers 200 (or scripted failures) and counts what arrives.</summary>
    internal sealed class LoopbackReceiver : IDisposable
    {
        private static readonly byte[] s_ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        private static readonly byte[] s_headerEnd = "\r\n\r\n"u8.ToArray();
        private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        private readonly CancellationTokenSource _stop = new();
        private int _received;
        private int _expected = int.MaxValue;
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource<long>? _arrival;
        private int _failuresLeft;
        private int _resolved;
        private byte[] _failure = [];

        public LoopbackReceiver()
        {
            _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _listener.Listen(512);
            Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}/hook");
            _ = Task.Run(AcceptAsync);
        }

        public Uri Url { get; }

        public void Reset()
        {
            Volatile.Write(ref _expected, int.MaxValue);
            Interlocked.Exchange(ref _received, 0);
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public Task WaitForAsync(int count, TimeSpan limit)
        {
            Volatile.Write(ref _expected, count);
            if (Volatile.Read(ref _received) >= count)
            {
                _reached.TrySetResult();
            }

            return _reached.Task.WaitAsync(limit);
        }

        /// <summary>Gets how many requests answered 200 have arrived.</summary>
        public int Received => Volatile.Read(ref _received);

        /// <summary>Gets how many of them carried a resolved event (<c>"status":"resolved"</c> in the whole-event JSON).</summary>
        public int Resolved => Volatile.Read(ref _resolved);

        /// <summary>Answers the next <paramref name="count"/> requests with <paramref name="response"/> (a whole HTTP response) instead of 200.</summary>
        public void FailNext(int count, string response)
        {
            _failure = System.Text.Encoding.ASCII.GetBytes(response);
            Volatile.Write(ref _failuresLeft, count);
        }

        /// <summary>The timestamp at which the next request that is answered 200 arrives.</summary>
        public Task<long> NextArrival()
        {
            var arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _arrival, arrival);
            return arrival.Task;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Dispose();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                _ = Task.Run(() => ServeAsync(client));
            }
        }

        private async Task ServeAsync(Socket client)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            try
            {
                var filled = 0;
                while (true)
                {
                    var headerEnd = buffer.AsSpan(0, filled).IndexOf(s_headerEnd);
                    if (headerEnd < 0)
                    {
                        var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                        continue;
                    }

                    var length = headerEnd + s_headerEnd.Length + ContentLength(buffer.AsSpan(0, headerEnd));
                    while (filled < length)
                    {
                        var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        filled += read;
                    }

                    if (Interlocked.Decrement(ref _failuresLeft) >= 0)
                    {
                        await client.SendAsync(_failure, SocketFlags.None, _stop.Token);
                    }
                    else
                    {
                        if (buffer.AsSpan(0, length).IndexOf("\"status\":\"resolved\""u8) >= 0)
                        {
                            Interlocked.Increment(ref _resolved);
                        }

                        Arrived();
                        await client.SendAsync(s_ok, SocketFlags.None, _stop.Token);
                    }
                    buffer.AsSpan(length, filled - length).CopyTo(buffer);
                    filled -= length;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The client or the harness closed the connection.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
                client.Dispose();
            }
        }

        private void Arrived()
        {
            Interlocked.Exchange(ref _arrival, null)?.TrySetResult(Stopwatch.GetTimestamp());
            if (Interlocked.Increment(ref _received) >= Volatile.Read(ref _expected))
            {
                _reached.TrySetResult();
            }
        }

        private static int ContentLength(ReadOnlySpan<byte> headers)
        {
            var name = "content-length:"u8;
            for (var i = 0; i + name.Length <= headers.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(headers.Slice(i, name.Length), name))
                {
                    var value = headers[(i + name.Length)..];
                    var end = value.IndexOf((byte)'\r');
                    return Utf8Parser.TryParse((end < 0 ? value : value[..end]).Trim((byte)' '), out int length, out _) ? length : 0;
                }
            }

            return 0;
        }
    }
}
