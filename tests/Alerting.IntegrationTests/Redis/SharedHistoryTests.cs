using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// Two replicas of an app (separate service providers, each with its own connection) sharing the notification history
/// through a real Redis-protocol server: the history on either shows both replicas' outcomes, and their summed counts.
/// </summary>
[TestFixture]
public sealed class SharedHistoryTests
{
    private RedisTestServer _server = null!;

    public sealed class FixedOptions;

    /// <summary>Delivers everything, except events whose source says it must fail.</summary>
    public sealed class FixedNotifier(FixedOptions options) : INotifier
    {
        public FixedOptions Options { get; } = options;

        public NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

        public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken) =>
            ValueTask.FromResult(notification.Event.Source.StartsWith("broken", StringComparison.Ordinal) ? DeliveryResult.Permanent("rejected") : DeliveryResult.Delivered());
    }

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task TwoReplicas_EachDeliver_HistoryOnEitherShowsBothAndTheSummedStatistics()
    {
        var prefix = $"test-{Guid.NewGuid():N}:";
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        ServiceProvider Replica() => new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<FixedNotifier, FixedOptions>("pager")
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")))
            .BuildServiceProvider();
        await using var a = Replica();
        await using var b = Replica();
        async Task<string> PublishAsync(ServiceProvider replica, string source, AlertSeverity severity)
        {
            var e = new AlertEvent(AlertEventTypes.JobFailed, source, severity, "Disk full");
            await replica.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(e).WaitAsync(TimeSpan.FromSeconds(30));
            return e.Id;
        }

        string[] fromA = [await PublishAsync(a, "job-a1", AlertSeverity.Error), await PublishAsync(a, "job-a2", AlertSeverity.Error), await PublishAsync(a, "broken-a3", AlertSeverity.Critical)];
        string[] fromB = [await PublishAsync(b, "job-b1", AlertSeverity.Critical), await PublishAsync(b, "job-b2", AlertSeverity.Error)];

        // The fake clock never fires the writers' interval: each replica writes out its buffer when told.
        await ((RedisNotificationHistory)a.GetRequiredService<INotificationHistoryStore>()).FlushAsync();
        await ((RedisNotificationHistory)b.GetRequiredService<INotificationHistoryStore>()).FlushAsync();

        foreach (var (name, replica) in new[] { ("A", a), ("B", b) })
        {
            var history = replica.GetRequiredService<INotificationHistory>();
            var recent = await history.GetRecentAsync();
            var stats = await history.GetStatisticsAsync();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(recent.Select(o => o.EventId), Is.EquivalentTo(fromA.Concat(fromB)), $"replica {name} sees both replicas' outcomes");
                Assert.That(history.GetRecent().Select(o => o.EventId), Is.EquivalentTo(fromA.Concat(fromB)), $"replica {name}'s synchronous read too");
                Assert.That(stats.Total, Is.EqualTo(5), $"replica {name}'s statistics sum both");
                Assert.That(stats.ByChannel["pager"], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Delivered] = 4, [DeliveryOutcomeStatus.Failed] = 1 }));
                Assert.That(stats.BySeverity[AlertSeverity.Critical], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Delivered] = 1, [DeliveryOutcomeStatus.Failed] = 1 }));
            }
        }
    }
}
