using Alerting.Dispatch;
using Alerting.Rules;

namespace Alerting.Tests.Dispatch;

/// <summary>How a configuration replaced by a reload is let go: routing steps under way keep it until they end.</summary>
[TestFixture]
public class ConfigurationLeaseTests
{
    private static CompiledAlerting Configuration() =>
        new(new RuleIndex([]), new Dictionary<string, DeliveryChannel>(), [], []);

    [Test]
    public void RetireAsync_NoLease_CompletesAtOnce()
    {
        Assert.That(Configuration().RetireAsync().IsCompleted, Is.True);
    }

    [Test]
    public void RetireAsync_LeasesHeld_CompletesWhenTheLastEnds()
    {
        var configuration = Configuration();
        Assert.That(configuration.TryEnter() && configuration.TryEnter(), Is.True);

        var retired = configuration.RetireAsync();
        configuration.Exit();
        var afterOne = retired.IsCompleted;
        configuration.Exit();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterOne, Is.False, "one routing step still uses it");
            Assert.That(retired.IsCompleted, Is.True);
        }
    }

    [Test]
    public async Task TryEnter_AfterRetirement_RefusedSoTheCallerTakesTheNewConfiguration()
    {
        var configuration = Configuration();
        await configuration.RetireAsync();

        Assert.That(configuration.TryEnter(), Is.False);
    }
}
