using System.Diagnostics;
using System.Globalization;
using Alerting.IntegrationTests.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Benchmarks;

/// <summary>
/// Several instances, one notification, with separate OS processes: starts a Redis-protocol server (Garnet in this
/// process, or the one in <c>ALERTING_TEST_REDIS</c>) and a loopback webhook receiver, then N replica processes (this
/// harness, <c>scale-out-replica</c>), each of which publishes the same failures over the same dedup keys, then their
/// resolves, through a webhook channel with <c>UseRedis</c>. Prints what the receiver got: one trigger and one resolve
/// per key is the goal. All replicas finish their failures before any publishes a resolve (a barrier through their
/// standard input), so a failure never reopens a resolved incident. Bounded: every wait has a limit, and the replicas
/// exit by themselves.
/// </summary>
internal static class ScaleOutHarness
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(3);

    public static async Task RunAsync(int replicas, int events, int keys)
    {
        using var server = RedisTestServer.Start();
        using var receiver = new DeliveryHarness.LoopbackReceiver();
        var prefix = $"scale-out-{Guid.NewGuid():N}:";
        var started = Stopwatch.GetTimestamp();
        var children = Enumerable.Range(0, replicas).Select(i =>
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardInput = true };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
            }

            foreach (var argument in (string[])["scale-out-replica", server.Configuration, prefix, receiver.Url.AbsoluteUri, $"replica-{i}",
                events.ToString(CultureInfo.InvariantCulture), keys.ToString(CultureInfo.InvariantCulture)])
            {
                start.ArgumentList.Add(argument);
            }

            return Process.Start(start)!;
        }).ToList();

        foreach (var child in children)
        {
            Console.WriteLine(await child.StandardOutput.ReadLineAsync().WaitAsync(s_limit)); // its failures are routed
        }

        foreach (var child in children)
        {
            await child.StandardInput.WriteLineAsync("resolve");
            await child.StandardInput.FlushAsync();
        }

        foreach (var child in children)
        {
            await child.WaitForExitAsync().WaitAsync(s_limit);
            Console.Write(await child.StandardOutput.ReadToEndAsync());
            child.Dispose();
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var triggers = receiver.Received - receiver.Resolved;
        Console.WriteLine($"Scale-out: {replicas} replica processes x {events} failures over {keys} dedup keys, then {keys} resolves each, through one {server.Kind} server, {Environment.ProcessorCount} cores, {seconds:F1} s");
        Console.WriteLine($"  the webhook receiver got {triggers} triggers and {receiver.Resolved} resolves (goal: {keys} and {keys})");
    }

    /// <summary>
    /// The app every replica runs: a webhook channel to <paramref name="receiver"/> and one rule that tracks incidents of
    /// <c>job.failed</c> and notifies it; <paramref name="share"/> picks the shared stores (the in-process ones when null).
    /// </summary>
    internal static ServiceProvider CreateApp(Uri receiver, Action<AlertingBuilder>? share = null)
    {
        var services = new ServiceCollection();
        services.AddAlerting(a =>
        {
            share?.Invoke(a);
            a.AddWebhook("hook", o =>
                {
                    o.Url = receiver.AbsoluteUri;
                    o.Http.AllowInsecureHttp = true;
                })
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("hook"));
        });
        return services.BuildServiceProvider();
    }

    /// <summary>One replica: Alerting with UseRedis and a webhook channel; publishes its failures, then its resolves, and drains.</summary>
    public static async Task ReplicaAsync(string redis, string prefix, Uri receiver, string name, int events, int keys)
    {
        await using var provider = CreateApp(receiver, a => a.UseRedis(redis, prefix));
        var publisher = provider.GetRequiredService<IAlertPublisher>();
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, events).Select(i =>
            publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, $"job-{i % keys:000}", AlertSeverity.Error, "Disk full"))));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {events} failures routed in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s"));
        await Console.In.ReadLineAsync().WaitAsync(s_limit); // every replica's failures are routed
        await Task.WhenAll(Enumerable.Range(0, keys).Select(i =>
            publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, $"job-{i:000}", AlertSeverity.Error, "Back") { Status = AlertStatus.Resolved })));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {keys} resolves routed, {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s in all"));
    }
}
