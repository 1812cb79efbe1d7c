namespace Alerting.Tests.Dispatch;

[TestFixture]
public sealed class InMemoryRateLimitStoreTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Test]
    public async Task AcquireAsync_TwoCallersOnOneChannel_ShareOneBucketAndAreServedInOrder()
    {
        var store = new InMemoryRateLimitStore();

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 5; i++)
        {
            var permit = await store.AcquireAsync(i % 2 == 0 ? "pager" : "PAGER", 2, Minute, s_now);
            delays.Add(permit.Delay);
        }

        Assert.That(delays, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(90) }));
    }

    [Test]
    public async Task AcquireAsync_ChannelsCountApart()
    {
        var store = new InMemoryRateLimitStore();

        await store.AcquireAsync("pager", 1, Minute, s_now);
        var other = await store.AcquireAsync("slack", 1, Minute, s_now);

        Assert.That(other.IsImmediate, Is.True);
    }

    [Test]
    public async Task AcquireAsync_LimitChanged_StartsWithAFullBucket_SameLimitCarriesOn()
    {
        var store = new InMemoryRateLimitStore();
        await store.AcquireAsync("pager", 1, Minute, s_now);

        var sameLimit = await store.AcquireAsync("pager", 1, Minute, s_now);
        var newLimit = await store.AcquireAsync("pager", 2, Minute, s_now);

        Assert.That((sameLimit.Delay, newLimit.Delay), Is.EqualTo((Minute, TimeSpan.Zero)));
    }
}
