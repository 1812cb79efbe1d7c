using Alerting.Dispatch.Internal;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class DeliveryProcessorBackoffTests
{
    private const int Samples = 1000;

    private static DeliveryRetryOptions Retry(double baseSeconds = 1, double maxSeconds = 3600) => new()
    {
        BaseDelay = TimeSpan.FromSeconds(baseSeconds),
        MaxDelay = TimeSpan.FromSeconds(maxSeconds),
    };

    private static TimeSpan[] Sample(DeliveryRetryOptions retry, int attempt, TimeSpan? retryAfter = null) =>
        [.. Enumerable.Range(0, Samples).Select(_ => DeliveryProcessor.Backoff(retry, attempt, retryAfter))];

    [TestCase(1, 1.0)]
    [TestCase(2, 2.0)]
    [TestCase(3, 4.0)]
    [TestCase(6, 32.0)]
    public void Backoff_Attempt_DoublesBaseDelayWithinJitterBounds(int attempt, double expectedSeconds)
    {
        var delays = Sample(Retry(), attempt);

        Assert.That(delays, Is.All.InRange(TimeSpan.FromSeconds(expectedSeconds * 0.8), TimeSpan.FromSeconds(expectedSeconds * 1.2)));
    }

    [Test]
    public void Backoff_ManySamples_SpreadAcrossTheJitterRange()
    {
        var seconds = Sample(Retry(), 1).Select(d => d.TotalSeconds).ToArray();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(seconds.Min(), Is.LessThan(0.9));
            Assert.That(seconds.Max(), Is.GreaterThan(1.1));
        }
    }

    [TestCase(8)]
    [TestCase(64)]
    [TestCase(5000)]
    public void Backoff_LateAttempt_CappedAtMaxDelay(int attempt)
    {
        var delays = Sample(Retry(maxSeconds: 60), attempt);

        Assert.That(delays, Is.All.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [Test]
    public void Backoff_RetryAfterLongerThanBackoff_WaitsRetryAfter()
    {
        var delays = Sample(Retry(), 1, TimeSpan.FromSeconds(7));

        Assert.That(delays, Is.All.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void Backoff_RetryAfterShorterThanBackoff_KeepsBackoff()
    {
        var delays = Sample(Retry(), 2, TimeSpan.FromMilliseconds(100));

        Assert.That(delays, Is.All.InRange(TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4)));
    }

    [Test]
    public void Backoff_RetryAfterBeyondMaxDelay_CappedAtMaxDelay()
    {
        var delays = Sample(Retry(maxSeconds: 30), 1, TimeSpan.FromHours(1));

        Assert.That(delays, Is.All.EqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public void Backoff_ZeroBaseDelay_RetriesImmediately()
    {
        var delays = Sample(Retry(baseSeconds: 0), 3);

        Assert.That(delays, Is.All.EqualTo(TimeSpan.Zero));
    }
}
