// Three replicas of an app, one notification per incident. Each replica (here a service provider of its own with its
// own connection, as each pod of a deployment has) raises the same job failures, then the same recoveries; they share
// their incidents through a Redis-protocol server, so each incident pages once and resolves once, whichever replica
// saw it first. An embedded Garnet server on 127.0.0.1 stands in for your Redis, so the sample runs offline and exits.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Alerting;
using Alerting.Notifiers;
using Alerting.Samples.ScaleOut;
using Garnet;
using Garnet.server;
using Microsoft.Extensions.DependencyInjection;

var port = FreePort();
using var server = new GarnetServer(new GarnetServerOptions
{
    EndPoints = [new IPEndPoint(IPAddress.Loopback, port)],
    EnableLua = true,
    LuaOptions = new LuaOptions(),
    LuaTransactionMode = true, // Lua scripts atomic against other connections, as on Redis
    LogMemorySize = "64m",
    PageSize = "1m",
    IndexMemorySize = "1m",
    QuietMode = true,
});
server.Start();

var pager = new Pager();
string[] names = ["replica-a", "replica-b", "replica-c"];
var replicas = names.Select(name => new ServiceCollection()
    .AddSingleton(pager)
    .AddAlerting(alerting => alerting
        .UseRedis($"127.0.0.1:{port}", keyPrefix: "scaleout:")
        .AddNotifier<PagerNotifier, PagerOptions>("pager", o => o.Replica = name)
        .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")))
    .BuildServiceProvider()).ToArray();

string[] jobs = [.. Enumerable.Range(1, 10).Select(i => $"nightly-job-{i:00}")];
Console.WriteLine($"3 replicas share incidents through the server at 127.0.0.1:{port}; each raises the same {jobs.Length} failures, then the same recoveries.");
await Task.WhenAll(replicas.SelectMany(replica => jobs.Select(job => replica.GetRequiredService<IAlertPublisher>()
    .PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, job, AlertSeverity.Error, "Disk full")))));
await Task.WhenAll(replicas.SelectMany(replica => jobs.Select(job => replica.GetRequiredService<IAlertPublisher>()
    .PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, job, AlertSeverity.Error, "Back to normal") { Status = AlertStatus.Resolved }))));

foreach (var replica in replicas)
{
    await replica.DisposeAsync();
}

var triggers = pager.Sent.Count(s => s.Kind == NotificationKind.Trigger);
var resolves = pager.Sent.Count(s => s.Kind == NotificationKind.Resolve);
Console.WriteLine();
Console.WriteLine($"{jobs.Length * replicas.Length * 2} events published; {triggers} pages and {resolves} resolves sent for {jobs.Length} incidents.");
foreach (var byReplica in pager.Sent.GroupBy(s => s.Replica).OrderBy(g => g.Key))
{
    Console.WriteLine($"  {byReplica.Key} sent {byReplica.Count(s => s.Kind == NotificationKind.Trigger)} pages and {byReplica.Count(s => s.Kind == NotificationKind.Resolve)} resolves");
}

return triggers == jobs.Length && resolves == jobs.Length ? 0 : 1;

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

namespace Alerting.Samples.ScaleOut
{
    /// <summary>Which replica a page-like channel is on.</summary>
    public sealed class PagerOptions
    {
        public string Replica { get; set; } = "replica";
    }

    /// <summary>What the pagers of every replica sent, for the summary.</summary>
    public sealed class Pager
    {
        public ConcurrentQueue<(string Replica, NotificationKind Kind, string? DedupKey)> Sent { get; } = new();
    }

    /// <summary>A stand-in for PagerDuty: prints each page or resolve with the replica that sent it.</summary>
    public sealed class PagerNotifier(PagerOptions options, Pager pager) : INotifier
    {
        public NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

        public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            pager.Sent.Enqueue((options.Replica, notification.Kind, notification.DedupKey));
            Console.WriteLine($"  {options.Replica}: {(notification.Kind == NotificationKind.Trigger ? "PAGE   " : "RESOLVE")} {notification.Event.Source}");
            return ValueTask.FromResult(DeliveryResult.Delivered());
        }
    }
}
