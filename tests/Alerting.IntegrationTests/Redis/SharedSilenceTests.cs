using System.Net;
using Alerting.Incidents;
using Alerting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Primitives;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using static Alerting.IntegrationTests.Redis.SharedIncidentTests;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Run-time silences shared through a real Redis-protocol server: added on one replica, they silence events published on
/// another; removed on one, they end on all; a missed message is made up by the periodic read; an outage keeps the
/// silences read last.
/// </summary>
[TestFixture]
public sealed class SharedSilenceTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private RedisTestServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    private static string Prefix() => $"test-{Guid.NewGuid():N}:";

    private static bool InForce(string message, string names) => message.EndsWith($"in force ({names}).", StringComparison.Ordinal);

    [Test]
    public async Task TwoReplicas_SilenceAddedOnA_SilencesAnEventPublishedOnB_AndRemovalOnBEndsItOnA()
    {
        var prefix = Prefix();
        ServiceProvider Replica(LogRecords logs) => new ServiceCollection()
            .AddSingleton(new Sent())
            .AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddAlerting(a => a
                .UseRedis(o =>
                {
                    o.Configuration = _server.Configuration;
                    o.KeyPrefix = prefix;
                    o.SilenceRefreshInterval = TimeSpan.FromHours(1); // so only the change message can tell the other replica
                })
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")))
            .BuildServiceProvider();
        using var logsA = new LogRecords();
        using var logsB = new LogRecords();
        await using var a = Replica(logsA);
        await using var b = Replica(logsB);
        AlertEvent Failure(string source) => new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, "Disk full");
        var publishA = a.GetRequiredService<IAlertPublisher>();
        var publishB = b.GetRequiredService<IAlertPublisher>();
        await publishA.PublishAndWaitAsync(Failure("web")).WaitAsync(TimeSpan.FromSeconds(30)); // both replicas run
        await publishB.PublishAndWaitAsync(Failure("web")).WaitAsync(TimeSpan.FromSeconds(30));

        a.GetRequiredService<IIncidentManager>().AddSilence("db-maintenance", new SilenceOptions { EndsAt = DateTimeOffset.UtcNow.AddHours(1), Sources = ["db-*"] });
        await logsB.NextAsync((id, message) => id == 1400 && InForce(message, "db-maintenance"));
        var onB = await publishB.PublishAndWaitAsync(Failure("db-restore")).WaitAsync(TimeSpan.FromSeconds(30));
        var removed = await b.GetRequiredService<IIncidentManager>().RemoveSilenceAsync("DB-Maintenance").AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await logsA.NextAsync((id, message) => id == 1400 && InForce(message, "db-maintenance"));
        await logsA.NextAsync((id, message) => id == 1400 && InForce(message, string.Empty));
        var onA = await publishA.PublishAndWaitAsync(Failure("db-restore")).WaitAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(onB.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed), "added on A, in force on B");
            Assert.That(onB.Outcomes.Single().Reason, Does.StartWith("Silenced by 'db-maintenance'"));
            Assert.That(removed, Is.True);
            Assert.That(onA.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "removed on B, ended on A");
        }
    }

    [Test]
    public async Task MissedMessage_ThePeriodicReadOnTheTimeProviderFindsTheChange()
    {
        var options = new RedisOptions { KeyPrefix = Prefix(), SilenceRefreshInterval = TimeSpan.FromSeconds(30) };
        var clock = new FakeTimeProvider(s_now);
        using var connection = _server.Connect();
        using var store = new RedisSilenceStore(connection, options, clock);
        store.GetChangeToken();
        await store.GetAllAsync(s_now);
        var token = store.GetChangeToken();

        // Written behind the store's back, as a change whose message was lost: the documented layout, with no message.
        await connection.GetDatabase().HashSetAsync(options.KeyPrefix + "silences", "maintenance", """{"name":"Maintenance","silence":{"endsAt":"2026-12-03T10:00:00+00:00"}}""");
        var before = token.HasChanged;
        clock.Advance(TimeSpan.FromSeconds(30));
        var read = await store.GetAllAsync(clock.GetUtcNow());

        using (Assert.EnterMultipleScope())
        {
            Assert.That((before, token.HasChanged), Is.EqualTo((false, true)), "no message came; the periodic read fired the token");
            Assert.That(read.Keys, Is.EqualTo(new[] { "Maintenance" }));
        }
    }

    [Test]
    public async Task ServerStoppedAndBack_TheLastKnownSilencesHold_AndAChangeMadeMeanwhileIsWrittenWhenItAnswers()
    {
        var server = RedisTestServer.StartInProcess(); // stopped and started again mid-test

        var port = ((IPEndPoint)ConfigurationOptions.Parse(server.Configuration).EndPoints[0]).Port;
        var configuration = ConfigurationOptions.Parse(server.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.AsyncTimeout = configuration.SyncTimeout = 1000;
        configuration.ReconnectRetryPolicy = new LinearRetry(100);
        using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        var options = new RedisOptions { KeyPrefix = Prefix() };
        var logs = new FakeLogger<RedisSilenceStore>();
        using var store = new RedisSilenceStore(connection, options, new FakeTimeProvider(s_now), logs);
        store.GetChangeToken();
        await store.SetAsync("before", new SilenceOptions { EndsAt = s_now.AddHours(1) });
        await store.GetAllAsync(s_now);

        server.Dispose();
        var during = await store.GetAllAsync(s_now).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        await store.SetAsync("during", new SilenceOptions { EndsAt = s_now.AddHours(1) }).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var withChange = await store.GetAllAsync(s_now).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        var failingOpen = store.IsFailingOpen;
        var reconnected = Fired(store.GetChangeToken());
        using var restarted = RedisTestServer.Start(port); // empty: an in-memory server restarted
        await reconnected.WaitAsync(TimeSpan.FromSeconds(30));
        var after = await store.GetAllAsync(s_now).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        using var other = restarted.Connect();
        using var otherStore = new RedisSilenceStore(other, options, new FakeTimeProvider(s_now));
        var onServer = await otherStore.GetAllAsync(s_now);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(during.Keys, Is.EqualTo(new[] { "before" }), "the silences read last hold while the server is gone");
            Assert.That(withChange.Keys, Is.EquivalentTo(new[] { "before", "during" }), "with the change made here meanwhile");
            Assert.That(failingOpen, Is.True);
            Assert.That(after.Keys, Is.EqualTo(new[] { "during" }), "the restarted server had lost 'before'; 'during' was written to it");
            Assert.That(onServer.Keys, Is.EqualTo(new[] { "during" }));
            Assert.That(logs.Collector.GetSnapshot().Select(r => r.Id.Id), Is.SupersetOf(new[] { 2000, 2001, 2041 }));
        }
    }

    private static Task Fired(IChangeToken token)
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), fired);
        return fired.Task;
    }
}
