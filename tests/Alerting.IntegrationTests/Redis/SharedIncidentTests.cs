using Microsoft.Extensions.Logging;
using System.Collections.Concurrent;
using Alerting.Incidents;
using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Several replicas of an app (separate service providers, each with its own connection) sharing incidents through a
/// real Redis-protocol server: the same failure raised by each is notified once, and resolved once.
/// </summary>
[TestFixture]
public sealed class SharedIncidentTests
{
    private RedisTestServer _server = null!;

    /// <summary>What every replica's channel sent, across the cluster.</summary>
    public sealed class Sent
    {
        private readonly SemaphoreSlim _added = new(0);

        public ConcurrentQueue<(NotificationKind Kind, string DedupKey)> Notifications { get; } = new();

        /// <summary>The alerts each grouped notification listed, by dedup key and kind, as their sources and states.</summary>
        public ConcurrentQueue<(NotificationKind Kind, string DedupKey, string[] Alerts)> Groups { get; } = new();

        public void Add(Notification notification)
        {
            if (notification.Alerts.Count > 0)
            {
                Groups.Enqueue((notification.Kind, notification.DedupKey, [.. notification.Alerts.Select(a => $"{a.Event.Source}:{a.State}")]));
            }

            Notifications.Enqueue((notification.Kind, notification.DedupKey));
            _added.Release();
        }

        /// <summary>Waits, without polling, until what was sent satisfies <paramref name="condition"/>.</summary>
        public async Task WaitUntilAsync(Func<IReadOnlyCollection<(NotificationKind Kind, string DedupKey)>, bool> condition)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (!condition(Notifications))
            {
                await _added.WaitAsync(deadline.Token);
            }
        }
    }

    public sealed class CountingOptions;

    /// <summary>A channel that counts what it sends (its options are only what every notifier is given).</summary>
    public sealed class CountingNotifier(CountingOptions options, Sent sent) : INotifier
    {
        public CountingOptions Options { get; } = options;

        public NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

        public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            sent.Add(notification);
            return ValueTask.FromResult(DeliveryResult.Delivered());
        }
    }

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    private ServiceProvider Replica(Sent sent, string prefix, Action<Alerting.Rules.AlertRuleOptions>? rule = null) =>
        new ServiceCollection()
            .AddSingleton(sent)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .AddRule("failures", r =>
                {
                    r.ForTypes(AlertEventTypes.JobFailed).Notify("pager");
                    rule?.Invoke(r);
                }))
            .BuildServiceProvider();

    [Test]
    public async Task TwoReplicas_AcknowledgedOnB_TheEscalationAStartedStops()
    {
        var sent = new Sent();
        var prefix = $"test-{Guid.NewGuid():N}:";
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        ServiceProvider Replica() => new ServiceCollection()
            .AddSingleton(sent)
            .AddSingleton<TimeProvider>(clock)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .AddNotifier<CountingNotifier, CountingOptions>("manager")
                .AddEscalationPolicy("to-manager", p => p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(5), Channels = ["manager"] }))
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager").EscalateWith("to-manager")))
            .BuildServiceProvider();
        await using var a = Replica();
        await using var b = Replica();
        AlertEvent Failure(string source) => new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, "Disk full");

        await a.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Failure("acknowledged-job")).WaitAsync(TimeSpan.FromSeconds(30));
        await a.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Failure("ignored-job")).WaitAsync(TimeSpan.FromSeconds(30));
        var open = b.GetRequiredService<IIncidentManager>().GetOpenIncidents().Single(i => i.Source == "acknowledged-job");
        await b.GetRequiredService<IIncidentManager>().AcknowledgeAsync(open.Id, "bob").AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await sent.WaitUntilAsync(s => s.Any(n => n.Kind == NotificationKind.Acknowledge));
        clock.Advance(TimeSpan.FromMinutes(6)); // both incidents' first escalation level is due, on replica A

        // The unacknowledged incident's escalation arrives; the acknowledged one's step ran beside it. Stopping both
        // replicas then drains whatever either step queued, so an escalation that should not be is counted if sent.
        await sent.WaitUntilAsync(s => s.Count(n => n.Kind == NotificationKind.Trigger && n.DedupKey.Contains("ignored-job", StringComparison.Ordinal)) == 2);
        await a.DisposeAsync();
        await b.DisposeAsync();

        var triggers = sent.Notifications.Where(n => n.Kind == NotificationKind.Trigger).Select(n => n.DedupKey).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(triggers.Count(k => k.Contains("ignored-job", StringComparison.Ordinal)), Is.EqualTo(2), "the unacknowledged incident escalated from replica A");
            Assert.That(triggers.Count(k => k.Contains("acknowledged-job", StringComparison.Ordinal)), Is.EqualTo(1), "acknowledged on replica B: A's escalation stopped");
            Assert.That(sent.Notifications.Count(n => n.Kind == NotificationKind.Acknowledge), Is.EqualTo(1), "the acknowledgement, once, from replica B");
        }
    }

    [Test]
    public async Task UseRedisWithTheAppsOwnConnection_DisposingAlertingLeavesItOpen()
    {
        using var appConnection = _server.Connect();
        var app = new ServiceCollection()
            .AddAlerting(a => a.UseRedis(_ => appConnection).AddConsole("console"))
            .BuildServiceProvider();
        await app.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "import", AlertSeverity.Error, "Disk full")).WaitAsync(TimeSpan.FromSeconds(30));

        await app.DisposeAsync();

        Assert.That(await appConnection.GetDatabase().PingAsync(), Is.GreaterThan(TimeSpan.Zero), "the app's connection is the app's to close");
    }

    [Test]
    public async Task ThreeReplicas_ThresholdOfThree_OneFailureOnEachCompletesIt()
    {
        var sent = new Sent();
        var prefix = $"test-{Guid.NewGuid():N}:";
        var replicas = new[] { 0, 1, 2 }.Select(_ => Replica(sent, prefix, r => r.AfterCount(3, TimeSpan.FromMinutes(10)))).ToArray();
        try
        {
            foreach (var replica in replicas)
            {
                await replica.GetRequiredService<IAlertPublisher>()
                    .PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "flaky-job", AlertSeverity.Error, "Timeout"))
                    .WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }

        Assert.That(sent.Notifications.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger }), "three matches counted across the replicas");
    }

    [Test]
    public async Task ThreeReplicas_EachRaiseTheSameFailuresAndResolves_OneTriggerAndOneResolvePerIncident()
    {
        var sent = new Sent();
        var prefix = $"test-{Guid.NewGuid():N}:";
        var replicas = new[] { Replica(sent, prefix), Replica(sent, prefix), Replica(sent, prefix) };
        try
        {
            const int Keys = 20;
            var failures = Enumerable.Range(0, Keys * 3).Select(i =>
                replicas[i % 3].GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(
                    new AlertEvent(AlertEventTypes.JobFailed, $"job-{i % Keys}", AlertSeverity.Error, "Disk full")));
            await Task.WhenAll(failures).WaitAsync(TimeSpan.FromSeconds(30));

            var resolves = Enumerable.Range(0, Keys * 3).Select(i =>
                replicas[(i + 1) % 3].GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(
                    new AlertEvent(AlertEventTypes.JobFailed, $"job-{i % Keys}", AlertSeverity.Error, "Back") { Status = AlertStatus.Resolved }));
            await Task.WhenAll(resolves).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }

        var byKind = sent.Notifications.GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => g.Select(n => n.DedupKey).ToList());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(byKind[NotificationKind.Trigger], Has.Count.EqualTo(20).And.Unique, "one trigger per incident across three replicas");
            Assert.That(byKind[NotificationKind.Resolve], Has.Count.EqualTo(20).And.Unique, "one resolve per incident");
        }
    }

    [Test]
    public async Task ThreeReplicas_StormFromTenSourcesInTwoRegions_OneNotificationPerRegionListingItsAlerts_ThenOneResolvePerRegion()
    {
        var sent = new Sent();
        var prefix = $"test-{Guid.NewGuid():N}:";
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        ServiceProvider Replica() => new ServiceCollection()
            .AddSingleton(sent)
            .AddSingleton<TimeProvider>(clock)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .AddRule("storm", r =>
                {
                    r.Incidents.GroupWait = TimeSpan.FromSeconds(30);
                    r.ForTypes(AlertEventTypes.JobFailed).GroupIncidentsBy("region").Notify("pager");
                }))
            .BuildServiceProvider();
        var replicas = new[] { Replica(), Replica(), Replica() };
        AlertEvent Failure(int job) => new(AlertEventTypes.JobFailed, $"job-{job}", AlertSeverity.Error, "Disk full")
        {
            Attributes = new Dictionary<string, object?> { ["region"] = job % 2 == 0 ? "eu" : "us" },
        };

        try
        {
            // 50 failures of 10 jobs, raised by three replicas at once, within the group wait.
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
                replicas[i % 3].GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Failure(i % 10)))).WaitAsync(TimeSpan.FromSeconds(30));
            clock.Advance(TimeSpan.FromSeconds(31)); // the group wait is over, on whichever replica claims each group's step
            await sent.WaitUntilAsync(s => s.Count == 2);

            // Every job recovers, each on another replica than the one that raised most of its failures.
            await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
                replicas[(i + 1) % 3].GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(
                    new AlertEvent(AlertEventTypes.JobSucceeded, $"job-{i}", AlertSeverity.Info, "ok")))).WaitAsync(TimeSpan.FromSeconds(30));
            await sent.WaitUntilAsync(s => s.Count == 4);
            clock.Advance(TimeSpan.FromMinutes(10)); // any update step still pending finds its group resolved
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }

        var groups = sent.Groups.ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Notifications, Has.Count.EqualTo(4), "two triggers and two resolves across three replicas, nothing else");
            Assert.That(groups.Select(g => (g.Kind, g.DedupKey)), Is.EquivalentTo(new[]
            {
                (NotificationKind.Trigger, "storm:region=eu"), (NotificationKind.Trigger, "storm:region=us"),
                (NotificationKind.Resolve, "storm:region=eu"), (NotificationKind.Resolve, "storm:region=us"),
            }));
            Assert.That(groups.Single(g => g is { Kind: NotificationKind.Trigger, DedupKey: "storm:region=eu" }).Alerts,
                Is.EquivalentTo(new[] { "job-0:new", "job-2:new", "job-4:new", "job-6:new", "job-8:new" }));
            Assert.That(groups.Single(g => g is { Kind: NotificationKind.Resolve, DedupKey: "storm:region=us" }).Alerts,
                Is.EquivalentTo(new[] { "job-1:resolved", "job-3:resolved", "job-5:resolved", "job-7:resolved", "job-9:resolved" }));
        }
    }
}

/// <summary>The shared store fails open: with the server gone, incidents are decided locally and said so; none is lost.</summary>
[TestFixture]
public sealed class RedisOutageTests
{
    [Test]
    public async Task ServerStoppedMidRun_DecisionsGoOnLocallyWithAWarning()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test

        var options = StackExchange.Redis.ConfigurationOptions.Parse(server.Configuration);
        options.AbortOnConnectFail = false;
        options.AsyncTimeout = options.SyncTimeout = 1000;
        options.ConnectRetry = 0;
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogger<Alerting.Redis.RedisIncidentStore>();
        var store = new Alerting.Redis.RedisIncidentStore(connection, new Alerting.Redis.RedisOptions { KeyPrefix = $"outage-{Guid.NewGuid():N}:" }, logs);
        var now = DateTimeOffset.UtcNow;
        var failure = new AlertEvent(AlertEventTypes.JobFailed, "import", AlertSeverity.Error, "Disk full");

        var before = await store.RecordFiringAsync("failures", "k1", failure, now, TimeSpan.FromHours(1));
        server.Dispose();
        var during = await store.RecordFiringAsync("failures", "k2", failure, now, TimeSpan.FromHours(1)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before.Opened, Is.True);
            Assert.That(during.Opened, Is.True, "decided locally: the notification still goes out");
            Assert.That(store.IsFailingOpen, Is.True);
            Assert.That(logs.Collector.GetSnapshot().Select(r => r.Id.Id), Does.Contain(2000));
            Assert.That(string.Join("\n", logs.Collector.GetSnapshot().Select(r => r.Message)), Does.Not.Contain("127.0.0.1"), "no server address in logs");
        }
    }

    [Test]
    public async Task ServerRestartedEmptyMidRun_NothingIsLost_TheOutageShows_AndIncidentsGoOnAfterwards()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test

        var (connection, port, restored) = await ConnectForRestartAsync(server);
        using var _ = connection;
        var logs = new Microsoft.Extensions.Logging.Testing.FakeLogCollector();
        var sent = new SharedIncidentTests.Sent();
        var services = new ServiceCollection()
            .AddSingleton(sent)
            .AddLogging(l => l.AddProvider(new Microsoft.Extensions.Logging.Testing.FakeLoggerProvider(logs)))
            .AddAlerting(a => a
                .UseRedis(_ => connection, $"outage-{Guid.NewGuid():N}:")
                .AddNotifier<SharedIncidentTests.CountingNotifier, SharedIncidentTests.CountingOptions>("pager")
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")));
        services.AddHealthChecks().AddAlerting();
        await using var app = services.BuildServiceProvider();
        var health = app.GetRequiredService<Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckService>();
        using var outages = new Microsoft.Extensions.Diagnostics.Metrics.Testing.MetricCollector<long>(
            app.GetService<System.Diagnostics.Metrics.IMeterFactory>(), Alerting.Redis.RedisSharingStatus.MeterName, "alerting.redis.outages");
        var publisher = app.GetRequiredService<IAlertPublisher>();
        var status = app.GetRequiredService<Alerting.Redis.RedisSharingStatus>();
        AlertEvent Failure(string source, AlertStatus state = AlertStatus.Firing) => new(AlertEventTypes.JobFailed, source, AlertSeverity.Error, "Disk full") { Status = state };
        async Task<PublishResult> Publish(AlertEvent e) => await publisher.PublishAndWaitAsync(e).WaitAsync(TimeSpan.FromSeconds(30));

        await Publish(Failure("before-outage"));
        server.Dispose();
        var during = await Publish(Failure("during-outage"));
        var reachableDuring = status.IsReachable;
        var storeDuring = app.GetRequiredService<Alerting.Diagnostics.IAlertingHealth>().GetSnapshot().SharedStore;
        var checkDuring = (await health.CheckHealthAsync()).Entries["alerting"];
        using var again = RedisTestServer.Start(port); // empty: the server forgot everything
        await restored.WaitAsync(TimeSpan.FromSeconds(30));
        var repeat = await Publish(Failure("during-outage"));
        await Publish(Failure("during-outage", AlertStatus.Resolved));
        var checkAfter = (await health.CheckHealthAsync()).Entries["alerting"];

        var kinds = sent.Notifications.Where(n => n.DedupKey.Contains("during-outage", StringComparison.Ordinal)).Select(n => n.Kind).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(during.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "accepted during the outage, and sent");
            Assert.That(reachableDuring, Is.False);
            Assert.That(app.GetRequiredService<Alerting.Diagnostics.ISharedStoreStatus>(), Is.SameAs(status), "the sharing status is the app's shared store status");
            Assert.That((storeDuring?.StoreName, storeDuring?.IsReachable, storeDuring?.UnreachableSince is not null), Is.EqualTo(("redis", (bool?)false, true)));
            Assert.That((checkDuring.Status, checkDuring.Data["store_reachable"]), Is.EqualTo((Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded, (object)false)), checkDuring.Description);
            Assert.That(checkDuring.Description, Does.StartWith("The shared redis store cannot be reached since ").And.Not.Contain("127.0.0.1"));
            Assert.That((checkAfter.Status, checkAfter.Data["store_reachable"]), Is.EqualTo((Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, (object)true)), checkAfter.Description);
            Assert.That(repeat.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed), "the incident opened during the outage went on, shared, after the restart");
            Assert.That(kinds, Is.EqualTo(new[] { Alerting.Notifiers.NotificationKind.Trigger, Alerting.Notifiers.NotificationKind.Resolve }));
            Assert.That((status.IsReachable, status.Outages, status.LocalDecisions > 0), Is.EqualTo((true, 1, true)));
            Assert.That(outages.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(1));
            Assert.That(logs.GetSnapshot().Select(r => r.Id.Id), Is.SupersetOf(new[] { 2000, 2001 }));
            Assert.That(logs.GetSnapshot().Count(r => r.Id.Id == 2000), Is.EqualTo(1), "one warning per outage, not one per store");
        }
    }

    [Test]
    public async Task GroupsDecidedDuringAnOutage_SharedWithTheirAlertsWhenTheServerAnswersAgain()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test
        var (connection, port, restored) = await ConnectForRestartAsync(server);
        using var _ = connection;
        var options = new Alerting.Redis.RedisOptions { KeyPrefix = $"outage-{Guid.NewGuid():N}:" };
        var store = new Alerting.Redis.RedisIncidentStore(connection, options);
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        var now = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        AlertEvent Alert(string source) => new(AlertEventTypes.JobFailed, source, AlertSeverity.Error, "Disk full") { Timestamp = now };
        string KeyOf(string source) => $"{AlertEventTypes.JobFailed}:{source}";

        server.Dispose();
        var local = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), now, timing);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), now, timing);
        await store.TakeGroupNotificationAsync(local.IncidentId, now + timing.GroupWait);
        await store.ResolveGroupAlertsAsync(local.IncidentId, [KeyOf("db-2")], now.AddMinutes(1), timing);
        await store.RecordGroupAlertAsync("grouped", "g2", Alert("web-1"), now, timing);
        var failingOpen = store.IsFailingOpen;
        using var again = RedisTestServer.Start(port); // empty: the server forgot everything
        await restored.WaitAsync(TimeSpan.FromSeconds(30));
        using var otherConnection = again.Connect();
        var other = new Alerting.Redis.RedisIncidentStore(otherConnection, options);
        var openedMeanwhile = await other.RecordGroupAlertAsync("grouped", "g2", Alert("web-2"), now.AddMinutes(1), timing);

        var shared = await store.ShareLocalIncidentsAsync();
        var adopted = await other.GetAsync(local.IncidentId);
        var merged = await other.GetAsync(openedMeanwhile.IncidentId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((failingOpen, shared), Is.EqualTo((true, 2)));
            Assert.That(adopted?.Alerts.Select(a => (a.Key, a.Status, a.IsNew)), Is.EqualTo(new[] { (KeyOf("db-1"), AlertStatus.Firing, false), (KeyOf("db-2"), AlertStatus.Resolved, false) }),
                "adopted under its own id with its alerts as they stood");
            Assert.That(merged?.Alerts.Select(a => (a.Key, a.IsNew)), Is.EqualTo(new[] { (KeyOf("web-2"), true), (KeyOf("web-1"), true) }), "the local alert joins the group opened meanwhile");
            Assert.That(merged?.Occurrences, Is.EqualTo(2));
            Assert.That((await other.FindGroupOfAlertAsync("grouped", KeyOf("db-1")))?.Id, Is.EqualTo(local.IncidentId));
            Assert.That(await other.FindGroupOfAlertAsync("grouped", KeyOf("db-2")), Is.Null, "resolved");
            Assert.That((await other.FindGroupOfAlertAsync("grouped", KeyOf("web-1")))?.Id, Is.EqualTo(openedMeanwhile.IncidentId));
            Assert.That((await other.FindBySourceAsync("web-1", [AlertEventTypes.JobFailed])).Select(i => i.Id), Is.EqualTo(new[] { openedMeanwhile.IncidentId }));
            Assert.That((await other.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), now.AddMinutes(2), timing)).Changed, Is.False, "db-1 goes on in the adopted group");
        }
    }

    /// <summary>
    /// A connection to <paramref name="server"/> that fails fast while it is down and reconnects soon after it is started
    /// again on its port; the task completes when the commands' connection is back.
    /// </summary>
    private static async Task<(StackExchange.Redis.ConnectionMultiplexer Connection, int Port, Task Restored)> ConnectForRestartAsync(RedisTestServer server)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(server.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new StackExchange.Redis.LinearRetry(100);
        options.AsyncTimeout = options.SyncTimeout = 2000;
        var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Interactive)
            {
                restored.TrySetResult(); // the commands' connection (the subscriptions' may come back first)
            }
        };
        return (connection, ((System.Net.IPEndPoint)options.EndPoints[0]).Port, restored.Task);
    }
}
