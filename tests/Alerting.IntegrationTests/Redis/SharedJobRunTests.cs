using Alerting.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using static Alerting.IntegrationTests.Redis.SharedServiceHealthTests;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Three replicas of an app (separate service providers, each with its own connection and monitor, on one fake clock)
/// sharing job runs through a real Redis-protocol server, where a scheduler runs each job on one replica: a run started
/// on any replica counts for every replica, and each job event is raised by exactly one.
/// </summary>
[TestFixture]
public sealed class SharedJobRunTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(5);
    private RedisTestServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task ThreeReplicas_ScheduledJobRunOnReplicaBOnly_NoReplicaRaisesStartMissed()
    {
        await using var cluster = await Cluster.StartAsync(_server, EveryMinuteWithTenSecondsGrace);

        for (var minute = 1; minute <= 3; minute++)
        {
            await cluster.StepUntilAsync(At(minute, 5));
            cluster.Monitor(B).StartRun("import", $"run-{minute}").Succeeded(); // five seconds late, within the grace
            await cluster.InFlight.WhenIdleAsync();
            await cluster.StepUntilAsync(At(minute, 30));                   // every replica's deadline passed at :10
        }

        await cluster.DisposeAsync();

        Assert.That(cluster.Received.Events.Where(e => e.Type == AlertEventTypes.JobStartMissed), Is.Empty);
    }

    [Test]
    public async Task ThreeReplicas_NobodyRunsTheScheduledJob_OneStartMissedForTheCluster_ResolvedOnceByTheLateRun()
    {
        await using var cluster = await Cluster.StartAsync(_server, EveryMinuteWithTenSecondsGrace);

        await cluster.StepUntilAsync(At(1, 30));                            // 09:01:10: all three replicas judge 09:01:00
        await cluster.Received.WaitForAsync(AlertEventTypes.JobStartMissed);
        cluster.Monitor(C).StartRun("import", "late").Succeeded();          // 09:01:30, on another replica than the one that raised it
        await cluster.InFlight.WhenIdleAsync();
        await cluster.StepUntilAsync(At(1, 55));
        await cluster.DisposeAsync();

        var events = cluster.Received.Events.Where(e => e.Type == AlertEventTypes.JobStartMissed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }), "one of each for the cluster, from three monitors");
            Assert.That(events[0].Attributes["scheduled_at"], Is.EqualTo(At(1, 0)));
            Assert.That(events[0].Timestamp, Is.EqualTo(At(1, 10)));
            Assert.That(events[1].Attributes["run_id"], Is.EqualTo("late"));
            Assert.That(events[1].Attributes["late_by"], Is.EqualTo(TimeSpan.FromSeconds(30)));
        }
    }

    [Test]
    public async Task ThreeReplicas_RunOnBStopsHeartbeating_OneHeartbeatMissedForTheCluster()
    {
        await using var cluster = await Cluster.StartAsync(_server, HeartbeatEveryThirtySeconds);

        var run = cluster.Monitor(B).StartRun("import", "r1");              // 09:00:00
        await cluster.StepUntilAsync(At(0, 10));
        run.Heartbeat();
        await cluster.StepUntilAsync(At(0, 20));
        run.Heartbeat();                                                    // the last heartbeat: due again at 09:00:50
        await cluster.StepUntilAsync(At(1, 30));                            // A and C look for overdue runs every 5 s
        await cluster.Received.WaitForAsync(AlertEventTypes.JobHeartbeatMissed);
        run.Heartbeat();                                                    // it comes back
        await cluster.InFlight.WhenIdleAsync();
        await cluster.StepUntilAsync(At(1, 45));
        await cluster.DisposeAsync();

        var events = cluster.Received.Events.Where(e => e.Type == AlertEventTypes.JobHeartbeatMissed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }));
            Assert.That(events[0].Timestamp, Is.EqualTo(At(0, 50)), "raised by B at the timeout");
            Assert.That(events[0].Attributes["last_heartbeat"], Is.EqualTo(At(0, 20)));
        }
    }

    [Test]
    public async Task ThreeReplicas_ReplicaRunningTheJobStops_AnotherRaisesHeartbeatMissedOnce()
    {
        await using var cluster = await Cluster.StartAsync(_server, HeartbeatEveryThirtySeconds);

        var run = cluster.Monitor(B).StartRun("import", "r1", attempt: 2);  // 09:00:00
        await cluster.StepUntilAsync(At(0, 20));
        run.Heartbeat();                                                    // the last heartbeat: due again at 09:00:50
        await cluster.StopAsync(B);                                         // B dies with its run
        await cluster.StepUntilAsync(At(1, 30));
        await cluster.Received.WaitForAsync(AlertEventTypes.JobHeartbeatMissed);
        await cluster.DisposeAsync();

        var missed = cluster.Received.Events.Where(e => e.Type == AlertEventTypes.JobHeartbeatMissed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing }), "once, from A or C");
            Assert.That(missed[0].Timestamp, Is.EqualTo(At(0, 55)), "one poll interval (5 s) after the timeout, at the next look");
            Assert.That(missed[0].Source, Is.EqualTo("import"));
            Assert.That(missed[0].DedupKey, Is.EqualTo("job.heartbeat_missed:import:r1"));
            Assert.That((missed[0].Attributes["attempt"], missed[0].Attributes["last_heartbeat"]), Is.EqualTo((2, At(0, 20))));
        }
    }

    private const int B = 1;
    private const int C = 2;

    private static void EveryMinuteWithTenSecondsGrace(MonitoredJobOptions job) => (job.Schedule, job.StartGracePeriod) = ("0 * * * * *", TimeSpan.FromSeconds(10));

    private static void HeartbeatEveryThirtySeconds(MonitoredJobOptions job) => job.HeartbeatTimeout = TimeSpan.FromSeconds(30);

    private static DateTimeOffset At(int minute, int second) => Cluster.Start.AddMinutes(minute).AddSeconds(second);

    /// <summary>The store <c>UseRedis</c> registered, with its calls counted until the monitor has acted on their answers.</summary>
    private sealed class CountedStore(IJobRunStore inner, InFlight inFlight) : IJobRunStore
    {
        public TimeSpan? PollInterval => inner.PollInterval;

        public ValueTask<JobRunStarted> StartAsync(JobRunRecord run) => Count(() => inner.StartAsync(run));

        public ValueTask<bool> HeartbeatAsync(string job, string runId, DateTimeOffset now) => Count(() => inner.HeartbeatAsync(job, runId, now));

        public ValueTask<JobRunFinished> FinishAsync(string job, string runId, bool failed, DateTimeOffset now) => Count(() => inner.FinishAsync(job, runId, failed, now));

        public ValueTask<JobStartCheck> CheckStartAsync(string job, DateTimeOffset scheduledAt, TimeSpan? gracePeriod, DateTimeOffset now) =>
            Count(() => inner.CheckStartAsync(job, scheduledAt, gracePeriod, now));

        public ValueTask<bool> ClaimDeadlineAsync(string job, string runId, JobRunDeadlines deadline, DateTimeOffset now) =>
            Count(() => inner.ClaimDeadlineAsync(job, runId, deadline, now));

        public ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> ClaimOverdueAsync(DateTimeOffset dueBy, DateTimeOffset now, int max) =>
            Count(() => inner.ClaimOverdueAsync(dueBy, now, max));

        /// <summary>
        /// Completes the monitor's call from a source whose continuations run inline, so the monitor acts on the answer
        /// (and publishes its event) before the call counts as ended.
        /// </summary>
        private ValueTask<T> Count<T>(Func<ValueTask<T>> call)
        {
            inFlight.Started();
            var answered = new TaskCompletionSource<T>();
            _ = RunAsync();
            return new ValueTask<T>(answered.Task);

            async Task RunAsync()
            {
                try
                {
                    answered.SetResult(await call());
                }
                catch (Exception ex)
                {
                    answered.SetException(ex);
                }
                finally
                {
                    inFlight.Ended();
                }
            }
        }
    }

    /// <summary>The cluster: three replicas on one clock and one key prefix, each with its monitor started as a host would.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        public static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

        private readonly string _prefix = $"test-{Guid.NewGuid():N}:";
        private readonly Dictionary<int, ServiceProvider> _replicas = [];

        private Cluster()
        {
        }

        public FakeTimeProvider Clock { get; } = new(Start);

        public Received Received { get; } = new();

        public InFlight InFlight { get; } = new();

        public static async Task<Cluster> StartAsync(RedisTestServer server, Action<MonitoredJobOptions> job)
        {
            var cluster = new Cluster();
            for (var id = 0; id < 3; id++)
            {
                var services = new ServiceCollection()
                    .AddSingleton(cluster.Received)
                    .AddSingleton<TimeProvider>(cluster.Clock)
                    .AddAlerting(a => a
                        .UseRedis(server.Configuration, cluster._prefix)
                        .AddJob("import", job)
                        .AddNotifier<RecordingNotifier, RecordingOptions>("ops")
                        .AddRule("jobs", r => r.ForTypes(AlertEventTypes.JobStartMissed, AlertEventTypes.JobHeartbeatMissed, AlertEventTypes.JobTimedOut).WithoutIncidents().Notify("ops")));
                var shared = services.Single(d => d.ServiceType == typeof(IJobRunStore));
                services.Replace(ServiceDescriptor.Singleton<IJobRunStore>(sp => new CountedStore((IJobRunStore)shared.ImplementationFactory!(sp), cluster.InFlight)));
                var provider = services.BuildServiceProvider();
                cluster._replicas[id] = provider;
                foreach (var monitor in provider.GetServices<IHostedService>().Where(s => s is IJobMonitor))
                {
                    await monitor.StartAsync(CancellationToken.None);
                }
            }

            return cluster;
        }

        public IJobMonitor Monitor(int id) => _replicas[id].GetRequiredService<IJobMonitor>();

        /// <summary>Five seconds at a time (each replica's monitor acts on what is due), the store calls landing after each, up to <paramref name="time"/>.</summary>
        public async Task StepUntilAsync(DateTimeOffset time)
        {
            while (Clock.GetUtcNow() < time)
            {
                Clock.Advance(s_step);
                await InFlight.WhenIdleAsync();
            }
        }

        public async Task StopAsync(int id)
        {
            await _replicas[id].DisposeAsync();
            _replicas.Remove(id);
        }

        /// <summary>Stops every replica, so each delivers what it accepted.</summary>
        public async ValueTask DisposeAsync()
        {
            await InFlight.WhenIdleAsync();
            foreach (var id in _replicas.Keys.ToList())
            {
                await StopAsync(id);
            }
        }
    }
}
