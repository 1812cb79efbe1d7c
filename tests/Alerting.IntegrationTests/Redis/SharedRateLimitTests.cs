using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static Alerting.IntegrationTests.Redis.SharedIncidentTests;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// A channel's rate limit shared through a real Redis-protocol server: two replicas with a limit of three a minute send
/// three together, not three each, then one per refill interval, on a fake clock that only the test moves.
/// </summary>
[TestFixture]
public sealed class SharedRateLimitTests
{
    private static readonly TimeSpan RefillInterval = TimeSpan.FromSeconds(20);
    private RedisTestServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task TwoReplicas_ShareALimitOfThreeAMinute_SendThreeTogetherThenOnePerRefillInterval()
    {
        var sent = new Sent();
        var clock = new WaitClock(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var prefix = $"test-{Guid.NewGuid():N}:";
        ServiceProvider Replica() => new ServiceCollection()
            .AddSingleton(sent)
            .AddSingleton<TimeProvider>(clock)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .ConfigureChannel("pager", c =>
                {
                    c.RateLimit.PermitLimit = 3;
                    c.RateLimit.Period = TimeSpan.FromMinutes(1);
                })
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")))
            .BuildServiceProvider();
        await using var a = Replica();
        await using var b = Replica();

        for (var i = 0; i < 3; i++)
        {
            await a.GetRequiredService<IAlertPublisher>().PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, $"job-a{i}", AlertSeverity.Error, "Disk full"));
            await b.GetRequiredService<IAlertPublisher>().PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, $"job-b{i}", AlertSeverity.Error, "Disk full"));
        }

        // Three permits were in the bucket; the other three deliveries reserved the next ones and wait on the clock.
        await sent.WaitUntilAsync(s => s.Count == 3);
        var waits = await clock.WaitForRateLimitWaitsAsync(3);
        var atFirst = sent.Notifications.Count;
        clock.Advance(RefillInterval);
        await sent.WaitUntilAsync(s => s.Count == 4);
        var afterOneInterval = sent.Notifications.Count;
        clock.Advance(2 * RefillInterval);
        await sent.WaitUntilAsync(s => s.Count == 6);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(atFirst, Is.EqualTo(3), "three together, not three per replica");
            Assert.That(waits, Is.EquivalentTo(new[] { RefillInterval, 2 * RefillInterval, 3 * RefillInterval }), "the others waited their turn, one interval apart");
            Assert.That(afterOneInterval, Is.EqualTo(4), "one permit per refill interval");
            Assert.That(sent.Notifications.Select(n => n.DedupKey).Distinct().Count(), Is.EqualTo(6), "none dropped");
        }
    }

    /// <summary>A fake clock that lets a test await the rate-limit waits the replicas start on it (timers one refill interval apart).</summary>
    private sealed class WaitClock(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly object _lock = new();
        private readonly List<TimeSpan> _waits = [];
        private TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (period == Timeout.InfiniteTimeSpan && dueTime > TimeSpan.Zero && dueTime.Ticks % RefillInterval.Ticks == 0)
            {
                lock (_lock)
                {
                    _waits.Add(dueTime);
                    _created.TrySetResult();
                    _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            return timer;
        }

        public async Task<IReadOnlyList<TimeSpan>> WaitForRateLimitWaitsAsync(int count)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                Task created;
                lock (_lock)
                {
                    if (_waits.Count >= count)
                    {
                        return [.. _waits];
                    }

                    created = _created.Task;
                }

                await created.WaitAsync(deadline.Token);
            }
        }
    }
}
