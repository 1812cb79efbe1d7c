using Alerting.Dispatch.Internal;
using Alerting.Dispatch;
using Alerting.Notifiers;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class TokenBucketTests
{
    [Test]
    public void Reserve_WithinCapacity_NoWait()
    {
        var bucket = new TokenBucket(3, TimeSpan.FromMinutes(1), new FakeTimeProvider());

        Assert.That(Enumerable.Range(0, 3).Select(_ => bucket.Reserve()), Is.All.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Reserve_OverCapacity_EachWaitsOneRefillIntervalLongerThanThePrevious()
    {
        var bucket = new TokenBucket(120, TimeSpan.FromMinutes(1), new FakeTimeProvider());
        for (var i = 0; i < 120; i++)
        {
            bucket.Reserve();
        }

        Assert.That(new[] { bucket.Reserve(), bucket.Reserve(), bucket.Reserve() }, Is.EqualTo(new[] { TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5) }));
    }

    [Test]
    public void Reserve_AfterAPeriod_FullAgainButNeverAboveCapacity()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(2, TimeSpan.FromMinutes(1), time);
        bucket.Reserve();
        bucket.Reserve();

        time.Advance(TimeSpan.FromHours(1));

        Assert.That(new[] { bucket.Reserve(), bucket.Reserve(), bucket.Reserve() }, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30) }));
    }

    [Test]
    public void For_ChannelSettingsOverProviderRate_ZeroMeansNoLimit()
    {
        var time = new FakeTimeProvider();
        var provider = new NotifierCapabilities { RateLimit = 120 };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(TokenBucket.For(new ChannelRateLimitOptions(), NotifierCapabilities.PlainText, time), Is.Null);
            Assert.That(TokenBucket.For(new ChannelRateLimitOptions(), provider, time), Is.Not.Null);
            Assert.That(TokenBucket.For(new ChannelRateLimitOptions { PermitLimit = 0 }, provider, time), Is.Null);
            Assert.That(TokenBucket.For(new ChannelRateLimitOptions { PermitLimit = 5, Period = TimeSpan.FromSeconds(1) }, NotifierCapabilities.PlainText, time), Is.Not.Null);
        }
    }
}
