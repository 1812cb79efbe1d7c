using System.Net.Http.Headers;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Tests.Notifiers.Http;

[TestFixture]
public class HttpRetryDelayTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static HttpDeliveryOptions Options() => new()
    {
        BaseDelay = TimeSpan.FromSeconds(1),
        MaxDelay = TimeSpan.FromSeconds(30),
        MaxRetryAfter = TimeSpan.FromSeconds(20),
    };

    [TestCase(1, 1.0)]
    [TestCase(2, 2.0)]
    [TestCase(3, 4.0)]
    [TestCase(4, 8.0)]
    public void Next_NoRetryAfter_DoublesEachRetryWithin20PercentJitter(int retry, double seconds)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(HttpRetryDelay.Next(Options(), retry, null, s_now, 0.0), Is.EqualTo(TimeSpan.FromSeconds(seconds * 0.8)));
            Assert.That(HttpRetryDelay.Next(Options(), retry, null, s_now, 0.5), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
            Assert.That(HttpRetryDelay.Next(Options(), retry, null, s_now, 0.999999), Is.LessThan(TimeSpan.FromSeconds(seconds * 1.2)));
        }
    }

    [Test]
    public void Next_LongBackoff_CappedAtMaxDelayBeforeJitter()
    {
        Assert.That(HttpRetryDelay.Next(Options(), 10, null, s_now, 0.5), Is.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Next_RetryAfterDeltaSeconds_WaitsThatLongPlusAtMostTenPercent()
    {
        var retryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HttpRetryDelay.Next(Options(), 1, retryAfter, s_now, 0.0), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(HttpRetryDelay.Next(Options(), 1, retryAfter, s_now, 0.999), Is.InRange(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.7)));
        }
    }

    [Test]
    public void Next_RetryAfterHttpDate_WaitsUntilThatDate()
    {
        var retryAfter = new RetryConditionHeaderValue(s_now.AddSeconds(12));

        Assert.That(HttpRetryDelay.Next(Options(), 1, retryAfter, s_now, 0.0), Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void Next_RetryAfterBeyondCap_CappedAtMaxRetryAfter()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(HttpRetryDelay.Next(Options(), 1, new RetryConditionHeaderValue(TimeSpan.FromHours(2)), s_now, 0.9), Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(HttpRetryDelay.Next(Options(), 1, new RetryConditionHeaderValue(s_now.AddDays(1)), s_now, 0.9), Is.EqualTo(TimeSpan.FromSeconds(20)));
        }
    }

    [Test]
    public void RetryAfter_DateInThePast_IsZero()
    {
        Assert.That(HttpRetryDelay.RetryAfter(new RetryConditionHeaderValue(s_now.AddSeconds(-30)), s_now), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void RetryAfter_None_IsNull()
    {
        Assert.That(HttpRetryDelay.RetryAfter(null, s_now), Is.Null);
    }
}
