using System.Diagnostics;
using System.Runtime.InteropServices;
using Alerting.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// The test assembly as a replica of an app, in its own OS process, for the multi-process tests: a generic host with
/// Alerting sharing state through Redis, webhook channels that tell the receiver which replica sent them (<c>pager</c>,
/// then escalation levels <c>level-1</c> one second later and <c>level-2</c> two seconds after that, for
/// <c>job.failed</c>; <c>service</c> for <c>service.degraded</c> of the service <c>api</c>, minimum 2 healthy instances
/// reporting within a second). It prints <c>ready</c> once started and takes commands on its standard input, answering
/// each: <c>fail {source}</c> publishes a failure (<c>published</c>), <c>ack {source}</c> acknowledges its open incident
/// (<c>acknowledged</c>), <c>healthy</c> starts reporting this replica's instance of <c>api</c> healthy every 200 ms
/// (<c>reporting</c>), <c>quiet</c> stops that (<c>quiet</c>). It stops (draining) when its input closes.
/// </summary>
internal static class ReplicaProgram
{
    /// <summary>
    /// The first escalation level's delay: long enough for a test to acknowledge on another replica before it, on a
    /// loaded 2-core machine (with 1 s, a CI run under load acknowledged too late and saw that level fire).
    /// </summary>
    public static readonly TimeSpan FirstLevelDelay = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan SecondLevelDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan TakeoverLease = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan TakeoverPollInterval = TimeSpan.FromMilliseconds(500);
    /// <summary>
    /// How long an instance counts as healthy, and how long after its monitoring starts a replica first checks the
    /// service: long enough for all three replica processes to start and report on a loaded 2-core machine (with 1 s,
    /// the first replica's first check could come before the last one reported, and page for a service still starting).
    /// </summary>
    public static readonly TimeSpan InstanceHeartbeatTimeout = TimeSpan.FromSeconds(3);

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["replica", var redis, var prefix, var receiver, var name])
        {
            await Console.Error.WriteLineAsync("usage: replica <redis configuration> <key prefix> <receiver base URL> <replica name>");
            return 2;
        }

        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        builder.Services.AddAlerting(a =>
        {
            a.UseRedis(o =>
            {
                o.Configuration = redis;
                o.KeyPrefix = prefix;
                o.TakeoverLease = TakeoverLease;
                o.TakeoverPollInterval = TakeoverPollInterval;
            });
            foreach (var channel in (string[])["pager", "level-1", "level-2", "service"])
            {
                a.AddWebhook(channel, o =>
                {
                    o.Url = new Uri(new Uri(receiver), channel).AbsoluteUri;
                    o.Http.AllowInsecureHttp = true;
                    o.Headers["X-Replica"] = name;
                });
            }

            a.AddEscalationPolicy("on-call", p =>
            {
                p.Levels.Add(new EscalationLevelOptions { Delay = FirstLevelDelay, Channels = ["level-1"] });
                p.Levels.Add(new EscalationLevelOptions { Delay = SecondLevelDelay, Channels = ["level-2"] });
            });
            a.AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager").EscalateWith("on-call"));
            a.AddService("api", o =>
            {
                o.MinimumHealthyInstances = 2;
                o.InstanceHeartbeatTimeout = InstanceHeartbeatTimeout;
            });
            a.AddRule("services", r => r.ForTypes(AlertEventTypes.ServiceDegraded).Notify("service"));
        });
        using var host = builder.Build();
        await host.StartAsync();
        var publisher = host.Services.GetRequiredService<IAlertPublisher>();
        var incidents = host.Services.GetRequiredService<IIncidentManager>();
        var services = host.Services.GetRequiredService<Alerting.Monitoring.IServiceMonitor>();
        using var reporting = new CancellationTokenSource(TimeSpan.FromMinutes(5)); // bounded, whatever the test does
        CancellationTokenSource? healthy = null;
        Console.WriteLine("ready");
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var (command, argument) = line.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space ? (line[..space], line[(space + 1)..]) : (line, "");
            switch (command)
            {
                case "fail":
                    await publisher.PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, argument, AlertSeverity.Critical, "Disk full"));
                    Console.WriteLine("published");
                    break;
                case "ack":
                    var open = incidents.GetOpenIncidents().Single(i => i.Source == argument);
                    await incidents.AcknowledgeAsync(open.Id, name);
                    Console.WriteLine("acknowledged");
                    break;
                case "healthy":
                    healthy = CancellationTokenSource.CreateLinkedTokenSource(reporting.Token);
                    _ = ReportAsync(services, name, healthy.Token);
                    Console.WriteLine("reporting");
                    break;
                case "quiet":
                    await (healthy?.CancelAsync() ?? Task.CompletedTask);
                    Console.WriteLine("quiet");
                    break;
            }
        }

        await host.StopAsync();
        return 0;
    }

    /// <summary>Reports this replica's instance of <c>api</c> healthy every 200 ms until cancelled.</summary>
    private static async Task ReportAsync(Alerting.Monitoring.IServiceMonitor services, string instance, CancellationToken cancellationToken)
    {
        using var every = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        try
        {
            do
            {
                services.ReportHealthy("api", instance);
            }
            while (await every.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // quiet
        }
    }
}

/// <summary>A replica process started by a test: its standard input and output, and a hard kill (SIGKILL on Linux).</summary>
internal sealed class ReplicaProcess : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    private ReplicaProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public static ReplicaProcess Start(string redis, string prefix, Uri receiver, string name)
    {
        var start = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in (string[])["exec", typeof(ReplicaProgram).Assembly.Location, "replica", redis, prefix, receiver.AbsoluteUri, name])
        {
            start.ArgumentList.Add(argument);
        }

        return new ReplicaProcess(name, Process.Start(start) ?? throw new InvalidOperationException("The replica process did not start."));
    }

    /// <summary>Waits (at most a minute) for the next line of output to be <paramref name="expected"/>.</summary>
    public async Task ExpectAsync(string expected)
    {
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(s_limit);
        if (line != expected)
        {
            throw new InvalidOperationException($"{Name} printed '{line}' where '{expected}' was expected (exit code {(_process.HasExited ? _process.ExitCode : null)}).");
        }
    }

    public async Task SendAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Kills the process at once, as a node failure or the OOM killer would: no shutdown, no drain.</summary>
    public void Kill() => _process.Kill();

    /// <summary>Closes its input, so it stops as an app does (draining what it queued), and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        _process.StandardInput.Close();
        await _process.WaitForExitAsync().WaitAsync(s_limit);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    /// <summary>The dotnet host that runs this test: the one the SDK names, else the one above the running runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } named && File.Exists(named))
        {
            return named;
        }

        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
    }
}
