using Alerting.Monitoring;
using Alerting.Redis;
using Alerting.Tests.Monitoring;
using Microsoft.Extensions.Logging.Testing;
using StackExchange.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>The Redis store passes the job run contract, with replicas over their own connections to one server.</summary>
[TestFixture]
public sealed class RedisJobRunStoreContractTests : JobRunStoreContractTests
{
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IReadOnlyList<IJobRunStore> CreateReplicas(int count) =>
        _replicas.Create<IJobRunStore>(count, (connection, options) => new RedisJobRunStore(connection, options));
}

/// <summary>What only the Redis store does: its keys and their expiry, and failing open while the server is away.</summary>
[TestFixture]
public sealed class RedisJobRunStoreTests
{
    private static readonly DateTimeOffset s_ten = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    private static JobRunRecord Run(string runId, DateTimeOffset startedAt) => new()
    {
        Job = "Import",
        RunId = runId,
        Replica = "pod-b",
        StartedAt = startedAt,
        StartGracePeriod = TimeSpan.FromMinutes(5),
        HeartbeatTimeout = TimeSpan.FromSeconds(30),
        MaxRunTime = TimeSpan.FromMinutes(10),
    };

    [Test]
    public async Task Run_KeysUnderThePrefixExpire_AndARunThatEndedLeavesOnlyTheJobsOutcome()
    {
        using var replicas = new RedisReplicas();
        IDatabase database = null!;
        string prefix = null!;
        var store = replicas.Create<IJobRunStore>(1, (connection, options) =>
        {
            (database, prefix) = (connection.GetDatabase(), options.KeyPrefix);
            return new RedisJobRunStore(connection, options);
        })[0];

        await store.StartAsync(Run("r1", s_ten));
        var runExpiresIn = await database.KeyTimeToLiveAsync(prefix + "job-run:import\u241Fr1");
        var startsExpireIn = await database.KeyTimeToLiveAsync(prefix + "job-starts:import");
        var dueAt = await database.SortedSetScoreAsync(prefix + "job-runs:due", "import\u241Fr1");
        await store.FinishAsync("import", "r1", failed: true, s_ten.AddMinutes(1));
        var runLeft = await database.KeyExistsAsync(prefix + "job-run:import\u241Fr1");
        var dueLeft = await database.SortedSetLengthAsync(prefix + "job-runs:due");
        var outcomeExpiresIn = await database.KeyTimeToLiveAsync(prefix + "job:import");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(runExpiresIn, Is.GreaterThan(TimeSpan.FromDays(1)).And.LessThanOrEqualTo(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(10)), "a day after its last deadline, the maximum run time");
            Assert.That(startsExpireIn, Is.GreaterThan(TimeSpan.FromMinutes(69)).And.LessThanOrEqualTo(TimeSpan.FromMinutes(70)), "an hour plus twice the grace period");
            Assert.That(dueAt, Is.EqualTo(s_ten.AddSeconds(30).ToUnixTimeMilliseconds()), "indexed by its first deadline, the heartbeat timeout");
            Assert.That((runLeft, dueLeft), Is.EqualTo((false, 0L)));
            Assert.That(outcomeExpiresIn, Is.GreaterThan(TimeSpan.FromDays(89)).And.LessThanOrEqualTo(TimeSpan.FromDays(90)), "the failure is kept so that the next success is reported");
        }
    }

    [Test]
    public async Task ServerAway_DecidesOnThisReplicasRunsWithAWarning_AndARunStartedMeanwhileStaysItsOwn()
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
                restored.TrySetResult();
            }
        };
        var logs = new FakeLogger<RedisJobRunStore>();
        var store = new RedisJobRunStore(connection, new RedisOptions { KeyPrefix = $"outage-{Guid.NewGuid():N}:" }, logs);
        var port = ((System.Net.IPEndPoint)options.EndPoints[0]).Port;

        await store.StartAsync(Run("before", s_ten));
        var raisedBefore = await store.ClaimDeadlineAsync("import", "before", JobRunDeadlines.HeartbeatMissed, s_ten.AddSeconds(30));
        server.Dispose();
        var raisedAgain = await store.ClaimDeadlineAsync("import", "before", JobRunDeadlines.HeartbeatMissed, s_ten.AddSeconds(40)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var timedOut = await store.ClaimDeadlineAsync("import", "before", JobRunDeadlines.TimedOut, s_ten.AddMinutes(10)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await store.StartAsync(Run("during", s_ten.AddMinutes(11))).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var missed = await store.CheckStartAsync("import", s_ten.AddMinutes(20), TimeSpan.FromMinutes(5), s_ten.AddMinutes(25)).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var failingOpen = store.IsFailingOpen;

        using var again = RedisTestServer.Start(port); // empty: the server forgot everything
        await restored.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var duringJudgedHere = await store.ClaimDeadlineAsync("import", "during", JobRunDeadlines.HeartbeatMissed, s_ten.AddMinutes(11).AddSeconds(30));
        var next = await store.StartAsync(Run("after", s_ten.AddMinutes(30)));
        var shared = await store.ClaimDeadlineAsync("import", "after", JobRunDeadlines.HeartbeatMissed, s_ten.AddMinutes(30).AddSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((raisedBefore, raisedAgain), Is.EqualTo((true, false)), "raised before the outage: not again while it lasts");
            Assert.That(timedOut, Is.True, "this replica's own run is judged locally: the page still goes out");
            Assert.That(missed, Is.EqualTo(JobStartCheck.Missed), "judged on this replica's runs alone");
            Assert.That(failingOpen, Is.True);
            Assert.That(duringJudgedHere, Is.True, "a run started during the outage stays this replica's to judge");
            Assert.That(next.ResolvedMissedStart, Is.EqualTo(s_ten.AddMinutes(20)), "the start missed locally is resolved by the next run");
            Assert.That(shared, Is.True);
            Assert.That(store.IsFailingOpen, Is.False);
            Assert.That(logs.Collector.GetSnapshot().Select(r => r.Id.Id), Is.SupersetOf(new[] { 2000, 2001 }));
        }
    }
}
