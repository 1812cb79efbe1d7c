using Alerting.Diagnostics;
using Alerting.Redis;
using Alerting.Tests.Diagnostics;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.IntegrationTests.Redis;

/// <summary>The Redis history passes the store contract; its background writer never runs on its own here (a fake clock), the tests flush.</summary>
[TestFixture]
public sealed class RedisNotificationHistoryContractTests : NotificationHistoryStoreContractTests
{
    private RedisReplicas _replicas = null!;
    private readonly List<RedisNotificationHistory> _created = [];

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    [TearDown]
    public async Task StopHistories()
    {
        foreach (var history in _created)
        {
            await history.DisposeAsync();
        }

        _created.Clear();
    }

    private protected override IReadOnlyList<INotificationHistoryStore> CreateReplicas(int count, int capacity = 1_000) =>
        _replicas.Create<INotificationHistoryStore>(count, (connection, options) =>
        {
            var history = new RedisNotificationHistory(connection, options, capacity, new FakeTimeProvider());
            _created.Add(history);
            return history;
        });

    private protected override async Task SettleAsync(IReadOnlyList<INotificationHistoryStore> replicas)
    {
        foreach (var replica in replicas)
        {
            await ((RedisNotificationHistory)replica).FlushAsync();
        }
    }
}

/// <summary>What the Redis history does when it cannot share: it keeps the outcome locally, counts it, and never blocks or throws.</summary>
[TestFixture]
public sealed class RedisNotificationHistoryTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 12, 30, TimeSpan.Zero);

    private static DeliveryOutcome Outcome(string eventId) => new()
    {
        EventId = eventId,
        EventType = AlertEventTypes.JobFailed,
        Source = "nightly-import",
        ChannelName = "ops",
        Severity = AlertSeverity.Error,
        Status = DeliveryOutcomeStatus.Delivered,
        Timestamp = s_start,
    };

    [Test]
    public async Task Append_BufferFull_KeepsTheRestLocallyCountsAndLogsThem()
    {
        using var replicas = new RedisReplicas();
        var logs = new FakeLogger<RedisNotificationHistory>();
        var pair = replicas.Create(2, (c, o) => new RedisNotificationHistory(c, o, 100, new FakeTimeProvider(), logs, bufferCapacity: 2));
        await using var writer = pair[0];
        await using var reader = pair[1];

        writer.Append(Outcome("e-1"));
        writer.Append(Outcome("e-2"));
        writer.Append(Outcome("e-3"));
        await writer.FlushAsync();

        var shared = await reader.GetRecentAsync(10);
        var local = await writer.GetRecentAsync(10);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(writer.NotSharedCount, Is.EqualTo(1));
            Assert.That(shared.Select(o => o.EventId), Is.EquivalentTo(new[] { "e-1", "e-2" }), "the other replica sees what the buffer held");
            Assert.That(local.Select(o => o.EventId), Is.EquivalentTo(new[] { "e-1", "e-2" }), "reads go to the server while it answers");
            Assert.That(logs.Collector.GetSnapshot().Where(r => r.Id.Id == 2044).Select(r => r.Message), Is.EqualTo(new[]
            {
                "1 notification outcome(s) were kept in this instance's history only (the buffer of 2 outcomes was full): the history and statistics of the other instances miss them.",
            }));
        }
    }

    [Test]
    public async Task ServerStopped_AppendReturnsAtOnce_OutcomesKeptLocallyAndCounted()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test

        var options = StackExchange.Redis.ConfigurationOptions.Parse(server.Configuration);
        options.AbortOnConnectFail = false;
        options.AsyncTimeout = options.SyncTimeout = 1000;
        options.ConnectRetry = 0;
        using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(options);
        var logs = new FakeLogger<RedisNotificationHistory>();
        await using var history = new RedisNotificationHistory(connection, new RedisOptions { KeyPrefix = $"outage-{Guid.NewGuid():N}:" }, 100, new FakeTimeProvider(), logs);
        history.Append(Outcome("before"));
        await history.FlushAsync();
        server.Dispose();

        var appending = Task.Run(() => history.Append(Outcome("during")));
        await appending.WaitAsync(TimeSpan.FromSeconds(5));
        await history.FlushAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var recent = await history.GetRecentAsync(10).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var counts = await history.GetCountsAsync(s_start, s_start).AsTask().WaitAsync(TimeSpan.FromSeconds(20));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(history.NotSharedCount, Is.EqualTo(1), "the outcome the server could not take");
            Assert.That(history.IsFailingOpen, Is.True);
            Assert.That(recent.Select(o => o.EventId), Is.EqualTo(new[] { "during", "before" }), "this replica's own history answers");
            Assert.That(counts.Sum(c => c.Count), Is.EqualTo(2));
            Assert.That(logs.Collector.GetSnapshot().Select(r => r.Id.Id), Does.Contain(2000).And.Not.Contain(2044), "the outage is logged once, not per batch");
        }
    }
}
