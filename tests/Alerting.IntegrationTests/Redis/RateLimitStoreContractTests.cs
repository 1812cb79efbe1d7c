using Alerting.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// What every <see cref="IRateLimitStore"/> must do: one token bucket per channel, whoever asks, on the times the caller
/// gives; each permit reserved once, in the order asked. A store written for another database runs this same contract.
/// </summary>
public abstract class RateLimitStoreContractTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    /// <summary>Several stores over the same buckets, as several replicas have (for the in-process store: the same one).</summary>
    private protected abstract IReadOnlyList<IRateLimitStore> CreateReplicas(int count);

    [Test]
    public async Task AcquireAsync_TwoReplicasShareALimitOfThree_ThreeAtOnceThenOnePerRefillInterval()
    {
        var replicas = CreateReplicas(2);

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            var permit = await replicas[i % 2].AcquireAsync("pager", 3, Minute, s_now);
            delays.Add(permit.Delay);
        }

        Assert.That(delays, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(60) }));
    }

    [Test]
    public async Task AcquireAsync_AfterAPeriod_FullAgainButNeverAboveCapacity()
    {
        var replicas = CreateReplicas(2);
        await replicas[0].AcquireAsync("pager", 2, Minute, s_now);
        await replicas[1].AcquireAsync("pager", 2, Minute, s_now);

        var later = s_now.AddHours(1);
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            var permit = await replicas[i % 2].AcquireAsync("PAGER", 2, Minute, later);
            delays.Add(permit.Delay);
        }

        Assert.That(delays, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30) }));
    }

    [Test]
    public async Task AcquireAsync_ChannelsCountApart()
    {
        var replicas = CreateReplicas(2);

        await replicas[0].AcquireAsync("pager", 1, Minute, s_now);
        var other = await replicas[1].AcquireAsync("slack", 1, Minute, s_now);

        Assert.That(other.IsImmediate, Is.True);
    }

    [Test]
    public async Task AcquireAsync_ThreeReplicasRacing_EachPermitReservedOnce()
    {
        var replicas = CreateReplicas(3);

        var permits = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
            await replicas[i % 3].AcquireAsync("pager", 10, TimeSpan.FromSeconds(10), s_now))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(permits.Count(p => p.IsImmediate), Is.EqualTo(10), "the bucket held ten");
            Assert.That(permits.Where(p => !p.IsImmediate).Select(p => p.Delay), Is.EquivalentTo(Enumerable.Range(1, 20).Select(n => TimeSpan.FromSeconds(n))), "then one a second, each to one caller");
        }
    }
}

[TestFixture]
public sealed class InMemoryRateLimitStoreContractTests : RateLimitStoreContractTests
{
    private protected override IReadOnlyList<IRateLimitStore> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemoryRateLimitStore(), count)];
}

[TestFixture]
public sealed class RedisRateLimitStoreContractTests : RateLimitStoreContractTests
{
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IReadOnlyList<IRateLimitStore> CreateReplicas(int count) =>
        _replicas.Create<IRateLimitStore>(count, (connection, options) => new RedisRateLimitStore(connection, options));
}
