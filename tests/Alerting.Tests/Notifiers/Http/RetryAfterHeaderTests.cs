using System.Net.Http.Headers;
using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Http;

[TestFixture]
public class RetryAfterHeaderTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Wait_DeltaSeconds_IsThatLong()
    {
        Assert.That(RetryAfterHeader.Wait(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), s_now), Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void Wait_HttpDate_IsUntilThatDate()
    {
        Assert.That(RetryAfterHeader.Wait(new RetryConditionHeaderValue(s_now.AddSeconds(12)), s_now), Is.EqualTo(TimeSpan.FromSeconds(12)));
    }

    [Test]
    public void Wait_DateInThePast_IsZero()
    {
        Assert.That(RetryAfterHeader.Wait(new RetryConditionHeaderValue(s_now.AddSeconds(-30)), s_now), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Wait_None_IsNull()
    {
        Assert.That(RetryAfterHeader.Wait(null, s_now), Is.Null);
    }
}
