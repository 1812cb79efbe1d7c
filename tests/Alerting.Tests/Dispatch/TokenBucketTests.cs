using Alerting.Dispatch.Internal;
using Alerting.Notifiers;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class TokenBucketTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Reserve_WithinCapacity_NoWait()
    {
        var bucket = new TokenBucket(3, TimeSpan.FromMinutes(1));

        Assert.That(Enumerable.Range(0, 3).Select(_ => bucket.Reserve(s_now)), Is.All.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Reserve_OverCapacity_EachWaitsOneRefillIntervalLongerThanThePrevious()
    {
        var bucket = new TokenBucket(120, TimeSpan.FromMinutes(1));
        for (var i = 0; i < 120; i++)
        {
            bucket.Reserve(s_now);
        }

        Assert.That(new[] { bucket.Reserve(s_now), bucket.Reserve(s_now), bucket.Reserve(s_now) }, Is.EqualTo(new[] { TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5) }));
    }

    [Test]
    public void Reserve_AfterAPeriod_FullAgainButNeverAboveCapacity()
    {
        var bucket = new TokenBucket(2, TimeSpan.FromMinutes(1));
        bucket.Reserve(s_now);
        bucket.Reserve(s_now);

        var later = s_now.AddHours(1);

        Assert.That(new[] { bucket.Reserve(later), bucket.Reserve(later), bucket.Reserve(later) }, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30) }));
    }

    [Test]
    public void Reserve_ClockWentBack_RefillsNothing()
    {
        var bucket = new TokenBucket(1, TimeSpan.FromMinutes(1));
        bucket.Reserve(s_now);

        Assert.That(bucket.Reserve(s_now.AddMinutes(-5)), Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void For_ChannelSettingsOverProviderRate_ZeroMeansNoLimit()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryRateLimitStore();
        var provider = new NotifierCapabilities { RateLimit = 120 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ChannelRateLimit.For("c", new ChannelRateLimitOptions(), NotifierCapabilities.PlainText, store, time), Is.Null);
            Assert.That(ChannelRateLimit.For("c", new ChannelRateLimitOptions(), provider, store, time), Is.Not.Null);
            Assert.That(ChannelRateLimit.For("c", new ChannelRateLimitOptions { PermitLimit = 0 }, provider, store, time), Is.Null);
            Assert.That(ChannelRateLimit.For("c", new ChannelRateLimitOptions { PermitLimit = 5, Period = TimeSpan.FromSeconds(1) }, NotifierCapabilities.PlainText, store, time), Is.Not.Null);
        }
    }
}
