using Alerting.Redis;
using Alerting.Rules;

namespace Alerting.IntegrationTests.Redis;

/// <summary>What every <see cref="IThresholdStore"/> must do: count in a sliding window on the times given, report each completed threshold once.</summary>
public abstract class ThresholdStoreContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private protected abstract IReadOnlyList<IThresholdStore> CreateReplicas(int count);

    [Test]
    public async Task RecordMatch_ThirdWithinTheWindow_ReachedOnceThenCountingStartsAgain()
    {
        var store = CreateReplicas(1)[0];

        var counts = new List<ThresholdCount>();
        for (var i = 0; i < 4; i++)
        {
            counts.Add(await store.RecordMatchAsync("noisy", "k1", s_start.AddSeconds(i * 10), 3, Window));
        }

        Assert.That(counts, Is.EqualTo(new[] { new ThresholdCount(false, 1), new ThresholdCount(false, 2), new ThresholdCount(true, 3), new ThresholdCount(false, 1) }));
    }

    [Test]
    public async Task RecordMatch_OlderMatchesLeaveTheWindow_AndKeysCountApart()
    {
        var store = CreateReplicas(1)[0];

        await store.RecordMatchAsync("noisy", "k1", s_start, 2, Window);
        var late = await store.RecordMatchAsync("noisy", "k1", s_start + Window, 2, Window);
        var other = await store.RecordMatchAsync("noisy", "k2", s_start + Window, 2, Window);

        Assert.That((late, other), Is.EqualTo((new ThresholdCount(false, 1), new ThresholdCount(false, 1))));
    }

    [Test]
    public async Task RecordMatch_ReplicasCountTogether_EachCompletedThresholdReportedToOneOfThem()
    {
        var replicas = CreateReplicas(3);

        var counts = await Task.WhenAll(Enumerable.Range(0, 90).Select(i => Task.Run(async () =>
            await replicas[i % replicas.Count].RecordMatchAsync("noisy", "shared", s_start.AddMilliseconds(i), 10, TimeSpan.FromHours(1)))));

        Assert.That(counts.Count(c => c.Reached), Is.EqualTo(9), "90 matches across the replicas complete a threshold of 10 nine times");
    }
}

[TestFixture]
public sealed class InMemoryThresholdStoreContractTests : ThresholdStoreContractTests
{
    private protected override IReadOnlyList<IThresholdStore> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemoryThresholdStore(), count)];
}

[TestFixture]
public sealed class RedisThresholdStoreContractTests : ThresholdStoreContractTests
{
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IReadOnlyList<IThresholdStore> CreateReplicas(int count) =>
        _replicas.Create<IThresholdStore>(count, (connection, options) => new RedisThresholdStore(connection, options));
}
