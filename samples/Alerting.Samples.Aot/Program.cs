using System.Diagnostics;
using System.Runtime;
using Alerting;
using Alerting.Samples.Aot;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A console job that raises one event and exits, as a native executable (PublishAot): Alerting configured from an
// in-memory configuration section (a webhook channel) and from code (the rule), delivering to a receiver on
// 127.0.0.1 in this process. Prints how long the event took to arrive, from the started host and from process start;
// exits with 1 when nothing arrived within 10 s, 2 when what arrived is not the event.

// Process start: the launch instant when the caller gives it (ALERTING_SAMPLE_LAUNCHED_AT_NS, Unix time in
// nanoseconds as `date +%s%N` prints it), else the start time the operating system keeps (10 ms resolution on Linux).
var launchedAt = long.TryParse(Environment.GetEnvironmentVariable("ALERTING_SAMPLE_LAUNCHED_AT_NS"), out var launchedNs)
    ? (Start: DateTime.UnixEpoch.AddTicks(launchedNs / 100), Source: "launch time given by the caller")
    : (Start: Process.GetCurrentProcess().StartTime.ToUniversalTime(), Source: "process start time, 10 ms resolution");
var sinceProcessStart = DateTime.UtcNow - launchedAt.Start;
var clock = Stopwatch.GetTimestamp();
using var receiver = new LoopbackReceiver();

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Warning",
    ["Alerting:Channels:ops-hook:Type"] = "webhook",
    ["Alerting:Channels:ops-hook:Url"] = $"http://127.0.0.1:{receiver.Port}/alerts",
    ["Alerting:Channels:ops-hook:Http:AllowInsecureHttp"] = "true",
    ["Alerting:Channels:ops-hook:Headers:X-Sent-By"] = "alerting-aot-sample",
});
builder.Services.AddAlerting(builder.Configuration.GetSection("Alerting"), alerting => alerting
    .AddRule("job-failures", rule => rule
        .ForTypes(AlertEventTypes.JobFailed)
        .WithoutIncidents()
        .Notify("ops-hook")));

using var host = builder.Build();
await host.StartAsync();
var hostStarted = Stopwatch.GetTimestamp();
await host.Services.GetRequiredService<IAlertPublisher>()
    .PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full"));
var published = Stopwatch.GetTimestamp();

ReceivedRequest request;
try
{
    request = await receiver.FirstRequest.WaitAsync(TimeSpan.FromSeconds(10));
}
catch (TimeoutException)
{
    Console.Error.WriteLine("Nothing arrived at the receiver within 10 s.");
    return 1;
}
finally
{
    await host.StopAsync();
}

if (!request.Body.Contains("nightly-import", StringComparison.Ordinal) || request.Headers.GetValueOrDefault("X-Sent-By") != "alerting-aot-sample")
{
    Console.Error.WriteLine($"The receiver got something else: {request.RequestLine}, {request.Body.Length} characters.");
    return 2;
}

static string Ms(long from, long to) => $"{Stopwatch.GetElapsedTime(from, to).TotalMilliseconds,8:F2} ms";

// A native executable compiles no method at run time; the same program run by the runtime has compiled thousands by now.
var jitted = JitInfo.GetCompiledMethodCount();
var runtime = jitted == 0 ? "native AOT" : $"JIT, {jitted} methods compiled in {JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms";
Console.WriteLine($"Delivered ({runtime}, {Environment.ProcessorCount} cores): {request.RequestLine}, {request.Body.Length} characters");
Console.WriteLine($"  main to host started:           {Ms(clock, hostStarted)}");
Console.WriteLine($"  first PublishAsync:             {Ms(hostStarted, published)}");
Console.WriteLine($"  host started to arrival:        {Ms(hostStarted, request.ArrivedAt)}");
Console.WriteLine($"  process start to arrival:       {(sinceProcessStart + Stopwatch.GetElapsedTime(clock, request.ArrivedAt)).TotalMilliseconds,8:F2} ms ({launchedAt.Source})");
return 0;
