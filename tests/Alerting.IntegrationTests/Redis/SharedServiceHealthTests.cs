using System.Collections.Concurrent;
using Alerting.Monitoring;
using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Three replicas of an app (separate service providers, each with its own connection and monitor, on one fake clock)
/// sharing service health through a real Redis-protocol server: "below minimum healthy instances" is judged over the
/// whole cluster, and each change is raised by exactly one replica.
/// </summary>
[TestFixture]
public sealed class SharedServiceHealthTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(10);
    private RedisTestServer _server = null!;

    /// <summary>The events every replica's channel received, across the cluster.</summary>
    public sealed class Received
    {
        private readonly SemaphoreSlim _added = new(0);

        public ConcurrentQueue<AlertEvent> Events { get; } = new();

        public void Add(AlertEvent alertEvent)
        {
            Events.Enqueue(alertEvent);
            _added.Release();
        }

        /// <summary>Waits, without polling, until an event of <paramref name="type"/> has arrived.</summary>
        public async Task WaitForAsync(string type)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!Events.Any(e => e.Type == type))
            {
                await _added.WaitAsync(deadline.Token);
            }
        }
    }

    public sealed class RecordingOptions;

    /// <summary>A channel that records the event of each notification it is given.</summary>
    public sealed class RecordingNotifier(RecordingOptions options, Received received) : INotifier
    {
        public RecordingOptions Options { get; } = options;

        public NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

        public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            received.Add(notification.Event);
            return ValueTask.FromResult(DeliveryResult.Delivered());
        }
    }

    /// <summary>Counts the service health calls of every replica in flight, so a test lets them land before it moves the clock on.</summary>
    public sealed class InFlight
    {
        private readonly object _gate = new();
        private int _count;
        private TaskCompletionSource _idle = NewIdle(completed: true);

        public void Started()
        {
            lock (_gate)
            {
                if (_count++ == 0)
                {
                    _idle = NewIdle(completed: false);
                }
            }
        }

        public void Ended()
        {
            lock (_gate)
            {
                if (--_count == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }

        public Task WhenIdleAsync()
        {
            lock (_gate)
            {
                return _idle.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        private static TaskCompletionSource NewIdle(bool completed)
        {
            var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (completed)
            {
                idle.SetResult();
            }

            return idle;
        }
    }

    /// <summary>The store <c>UseRedis</c> registered, with its calls counted.</summary>
    private sealed class CountedStore(IServiceHealthStore inner, InFlight inFlight) : IServiceHealthStore
    {
        public ValueTask<ServiceHealth> ReportHealthyAsync(string service, string instanceId, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances) =>
            CountAsync(() => inner.ReportHealthyAsync(service, instanceId, now, instanceHeartbeatTimeout, minimumHealthyInstances));

        public ValueTask<ServiceHealth> CheckAsync(string service, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances) =>
            CountAsync(() => inner.CheckAsync(service, now, instanceHeartbeatTimeout, minimumHealthyInstances));

        private async ValueTask<ServiceHealth> CountAsync(Func<ValueTask<ServiceHealth>> call)
        {
            inFlight.Started();
            try
            {
                return await call();
            }
            finally
            {
                inFlight.Ended();
            }
        }
    }

    /// <summary>The cluster: replicas on one clock and one key prefix, reporting their own instance each.</summary>
    private sealed class Cluster(RedisTestServer server) : IAsyncDisposable
    {
        private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
        private readonly Dictionary<int, ServiceProvider> _replicas = [];

        public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

        public Received Received { get; } = new();

        public InFlight InFlight { get; } = new();

        /// <summary>Starts replica <paramref name="id"/>, which reports the instance <c>pod-{id}</c>.</summary>
        public void Start(int id)
        {
            var services = new ServiceCollection()
                .AddSingleton(Received)
                .AddSingleton<TimeProvider>(Clock)
                .AddAlerting(a => a
                    .UseRedis(server.Configuration, _prefix)
                    .AddService("api", s => (s.MinimumHealthyInstances, s.InstanceHeartbeatTimeout) = (2, s_timeout))
                    .AddNotifier<RecordingNotifier, RecordingOptions>("ops")
                    .AddRule("services", r => r.ForTypes(AlertEventTypes.ServiceDegraded, AlertEventTypes.ServiceRecovered).WithoutIncidents().Notify("ops")));
            var shared = services.Single(d => d.ServiceType == typeof(IServiceHealthStore));
            services.Replace(ServiceDescriptor.Singleton<IServiceHealthStore>(sp => new CountedStore((IServiceHealthStore)shared.ImplementationFactory!(sp), InFlight)));
            _replicas[id] = services.BuildServiceProvider();
        }

        public async Task StopAsync(int id)
        {
            await _replicas[id].DisposeAsync();
            _replicas.Remove(id);
        }

        /// <summary>The replicas in <paramref name="reporting"/> report their instance; then their calls land.</summary>
        public Task ReportAsync(params int[] reporting)
        {
            foreach (var id in reporting)
            {
                _replicas[id].GetRequiredService<IServiceMonitor>().ReportHealthy("api", $"pod-{id}");
            }

            return InFlight.WhenIdleAsync();
        }

        /// <summary>Ten seconds pass (each replica's monitor checks what is due), then the replicas in <paramref name="reporting"/> report.</summary>
        public async Task StepAsync(params int[] reporting)
        {
            Clock.Advance(s_step);
            await ReportAsync(reporting);
        }

        /// <summary>Stops every replica, so each delivers what it accepted.</summary>
        public async ValueTask DisposeAsync()
        {
            foreach (var id in _replicas.Keys.ToList())
            {
                await StopAsync(id);
            }
        }
    }

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task ThreeReplicas_TwoInstancesStopReporting_OneDegradedThenOneRecoveredForTheCluster()
    {
        await using var cluster = new Cluster(_server);
        foreach (var id in new[] { 0, 1, 2 })
        {
            cluster.Start(id);
        }

        await cluster.ReportAsync(0, 1, 2);                             // 0 s: each replica's monitor starts
        await cluster.StepAsync(0, 1, 2);
        await cluster.StepAsync(0, 1, 2);                               // 20 s: pod-1 and pod-2 report for the last time
        await cluster.StepAsync(0);                                     // 30 s: every replica's first check: three healthy
        await cluster.StepAsync(0);
        await cluster.StepAsync(0);                                     // 50 s: pod-1 and pod-2 expire; all three monitors judge
        await cluster.Received.WaitForAsync(AlertEventTypes.ServiceDegraded);
        await cluster.StepAsync(0, 1);                                  // 60 s: pod-1 is back: two of three, the minimum
        await cluster.Received.WaitForAsync(AlertEventTypes.ServiceRecovered);
        await cluster.StepAsync(0, 1, 2);
        await cluster.StepAsync(0, 1, 2);
        await cluster.DisposeAsync();

        AssertOneDegradedThenOneRecovered(cluster.Received, recoveredWith: ["pod-0", "pod-1"]);
    }

    [Test]
    public async Task ThreeReplicas_TwoStop_TheSurvivorRaisesDegradedForInstancesItNeverSaw_AndRecoveredWhenTheyAreBack()
    {
        await using var cluster = new Cluster(_server);
        foreach (var id in new[] { 0, 1, 2 })
        {
            cluster.Start(id);
        }

        await cluster.ReportAsync(0, 1, 2);
        await cluster.StepAsync(0, 1, 2);
        await cluster.StepAsync(0, 1, 2);                               // 20 s
        await cluster.StopAsync(1);
        await cluster.StopAsync(2);
        await cluster.StepAsync(0);                                     // 30 s: replica 0's first check: three healthy
        await cluster.StepAsync(0);
        await cluster.StepAsync(0);                                     // 50 s: pod-1 and pod-2, reported elsewhere, expire
        await cluster.Received.WaitForAsync(AlertEventTypes.ServiceDegraded);
        cluster.Start(1);
        cluster.Start(2);
        await cluster.StepAsync(1, 2);                                  // 60 s: restarted, they report (and judge nothing before their first check)
        await cluster.StepAsync(0);                                     // 70 s: replica 0 counts three
        await cluster.Received.WaitForAsync(AlertEventTypes.ServiceRecovered);
        for (var i = 0; i < 4; i++)
        {
            await cluster.StepAsync(0, 1, 2);                           // past the restarted replicas' first checks
        }

        await cluster.DisposeAsync();

        AssertOneDegradedThenOneRecovered(cluster.Received, recoveredWith: ["pod-0", "pod-1", "pod-2"]);
    }

    private static void AssertOneDegradedThenOneRecovered(Received received, string[] recoveredWith)
    {
        var events = received.Events.ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { AlertEventTypes.ServiceDegraded, AlertEventTypes.ServiceRecovered }), "one of each for the cluster, from three monitors");
            Assert.That(events[0].Attributes["healthy_instances"], Is.EqualTo(new[] { "pod-0" }));
            Assert.That(events[0].Attributes["unhealthy_instances"], Is.EqualTo(new[] { "pod-1", "pod-2" }));
            Assert.That(events[0].Message, Is.EqualTo("api has 1 healthy instance(s), below its minimum of 2."));
            Assert.That(events[1].Attributes["healthy_instances"], Is.EqualTo(recoveredWith));
            Assert.That(events[1].Attributes["healthy_count"], Is.EqualTo(recoveredWith.Length));
        }
    }
}
