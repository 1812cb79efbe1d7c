using Alerting.Dispatch.Internal;
using Alerting.Dispatch;

namespace Alerting.Tests.Dispatch;

/// <summary>The one formula every channel's retries wait by.</summary>
[TestFixture]
public class RetryDelayTests
{
    private static DeliveryRetryOptions Retry(double baseSeconds = 1, double maxSeconds = 30) => new()
    {
        BaseDelay = TimeSpan.FromSeconds(baseSeconds),
        MaxDelay = TimeSpan.FromSeconds(maxSeconds),
    };

    [TestCase(1, 1.0)]
    [TestCase(2, 2.0)]
    [TestCase(3, 4.0)]
    [TestCase(4, 8.0)]
    public void Next_NoRetryAfter_DoublesEachRetryWithin20PercentJitter(int retry, double seconds)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetryDelay.Next(Retry(), retry, null, 0.0), Is.EqualTo(TimeSpan.FromSeconds(seconds * 0.8)));
            Assert.That(RetryDelay.Next(Retry(), retry, null, 0.5), Is.EqualTo(TimeSpan.FromSeconds(seconds)));
            Assert.That(RetryDelay.Next(Retry(), retry, null, 0.999999), Is.LessThan(TimeSpan.FromSeconds(seconds * 1.2)));
        }
    }

    [TestCase(6)]
    [TestCase(64)]
    [TestCase(5000)]
    public void Next_LateRetry_CappedAtMaxDelay(int retry)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetryDelay.Next(Retry(), retry, null, 0.0), Is.EqualTo(TimeSpan.FromSeconds(24)), "the cap, less the jitter");
            Assert.That(RetryDelay.Next(Retry(), retry, null, 0.999), Is.EqualTo(TimeSpan.FromSeconds(30)), "never beyond the cap");
        }
    }

    [Test]
    public void Next_RetryAfter_WaitsThatLongPlusAtMostTenPercentWhateverTheBackoff()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetryDelay.Next(Retry(), 1, TimeSpan.FromSeconds(7), 0.0), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(RetryDelay.Next(Retry(), 1, TimeSpan.FromSeconds(7), 0.999), Is.InRange(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.7)));
            Assert.That(RetryDelay.Next(Retry(), 4, TimeSpan.FromSeconds(1), 0.0), Is.EqualTo(TimeSpan.FromSeconds(1)), "the provider's wait, not the 8 s backoff");
        }
    }

    [Test]
    public void Next_RetryAfterBeyondMaxDelay_CappedAtMaxDelay()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RetryDelay.Next(Retry(), 1, TimeSpan.FromHours(2), 0.9), Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(RetryDelay.Next(Retry(maxSeconds: 20), 1, TimeSpan.FromSeconds(19), 0.999), Is.EqualTo(TimeSpan.FromSeconds(20)), "the jitter does not pass the cap");
        }
    }

    [Test]
    public void Next_ZeroBaseDelay_RetriesImmediately()
    {
        Assert.That(RetryDelay.Next(Retry(baseSeconds: 0), 3, null, 0.7), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Next_NegativeRetryAfter_RetriesImmediately()
    {
        Assert.That(RetryDelay.Next(Retry(), 1, TimeSpan.FromSeconds(-5), 0.5), Is.EqualTo(TimeSpan.Zero));
    }
}
