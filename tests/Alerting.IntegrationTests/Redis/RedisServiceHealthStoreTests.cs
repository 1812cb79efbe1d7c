using Alerting.Monitoring;
using Alerting.Redis;
using Alerting.Tests.Monitoring;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>The Redis store passes the service health contract, with replicas over their own connections to one server.</summary>
[TestFixture]
public sealed class RedisServiceHealthStoreContractTests : ServiceHealthStoreContractTests
{
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IReadOnlyList<IServiceHealthStore> CreateReplicas(int count) =>
        _replicas.Create<IServiceHealthStore>(count, (connection, options) => new RedisServiceHealthStore(connection, options));
}

/// <summary>What only the Redis store does: its keys and their expiry, and failing open while the server is away.</summary>
[TestFixture]
public sealed class RedisServiceHealthStoreTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Report_KeysUnderThePrefixExpire_AndInstancesSilentForADayAreForgotten()
    {
        using var replicas = new RedisReplicas();
        IDatabase database = null!;
        string prefix = null!;
        var store = replicas.Create<IServiceHealthStore>(1, (connection, options) =>
        {
            (database, prefix) = (connection.GetDatabase(), options.KeyPrefix);
            return new RedisServiceHealthStore(connection, options);
        })[0];

        await store.ReportHealthyAsync("API", "gone", s_start, s_timeout, 2); // degraded: the state is stored
        await store.ReportHealthyAsync("api", "expired", s_start.AddDays(1), s_timeout, 2);
        var health = await store.ReportHealthyAsync("api", "fresh", s_start.AddDays(1).AddSeconds(31), s_timeout, 2);
        var instancesExpireIn = await database.KeyTimeToLiveAsync(prefix + "service-instances:api");
        var stateExpiresIn = await database.KeyTimeToLiveAsync(prefix + "service:api");

        using (Assert.EnterMultipleScope())
        {
            Assert.That((health.HealthyInstances, health.UnhealthyInstances), Is.EqualTo((new[] { "fresh" }, new[] { "expired" })), "silent for a day past its timeout: forgotten");
            Assert.That(instancesExpireIn, Is.GreaterThan(TimeSpan.FromDays(1)).And.LessThanOrEqualTo(TimeSpan.FromDays(1) + s_timeout));
            Assert.That(stateExpiresIn, Is.GreaterThan(TimeSpan.FromDays(1)).And.LessThanOrEqualTo(TimeSpan.FromDays(1) + s_timeout));
        }
    }

    [Test]
    public async Task ServerAway_DecidesLocallyWithAWarning_ThenTellsTheServersStateOnceItIsBack()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test

        var options = ConfigurationOptions.Parse(server.Configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(100);
        options.AsyncTimeout = options.SyncTimeout = 2000;
        using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == StackExchange.Redis.ConnectionType.Interactive)
            {
                restored.TrySetResult(); // the commands' connection (the subscriptions' may come back first)
            }
        };
        var logs = new FakeLogger<RedisServiceHealthStore>();
        var store = new RedisServiceHealthStore(connection, new RedisOptions { KeyPrefix = $"outage-{Guid.NewGuid():N}:" }, logs);
        var port = ((System.Net.IPEndPoint)options.EndPoints[0]).Port;

        await store.ReportHealthyAsync("api", "pod-1", s_start, s_timeout, null);
        var shared = await store.ReportHealthyAsync("api", "pod-0", s_start, s_timeout, 2);
        server.Dispose();
        var localReport = await store.ReportHealthyAsync("api", "pod-0", s_start.AddSeconds(20), s_timeout, 2).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var localCheck = await store.CheckAsync("api", s_start.AddSeconds(30), s_timeout, 2).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var failingOpen = store.IsFailingOpen;

        using var again = RedisTestServer.Start(port); // empty: the server forgot everything
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await store.ReportHealthyAsync("api", "pod-1", s_start.AddSeconds(40), s_timeout, null);
        var back = await store.ReportHealthyAsync("api", "pod-0", s_start.AddSeconds(40), s_timeout, 2);
        var after = await store.CheckAsync("api", s_start.AddSeconds(41), s_timeout, 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(shared.Change, Is.EqualTo(ServiceHealthChange.None));
            Assert.That(failingOpen, Is.True);
            Assert.That((localReport.Change, localReport.HealthyInstances), Is.EqualTo((ServiceHealthChange.None, new[] { "pod-0", "pod-1" })), "this replica's reports before the outage count locally");
            Assert.That((localCheck.Change, localCheck.UnhealthyInstances), Is.EqualTo((ServiceHealthChange.Degraded, new[] { "pod-1" })), "decided locally: the page still goes out");
            Assert.That((back.Change, back.IsDegraded), Is.EqualTo((ServiceHealthChange.Recovered, false)), "the degraded raised locally is resolved once the server says the cluster is healthy");
            Assert.That(after.Change, Is.EqualTo(ServiceHealthChange.None));
            Assert.That(store.IsFailingOpen, Is.False);
            Assert.That(logs.Collector.GetSnapshot().Select(r => r.Id.Id), Is.SupersetOf(new[] { 2000, 2001 }));
        }
    }
}
