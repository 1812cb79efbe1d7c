using Alerting.Tests.Support;

namespace Alerting.Tests.Events;

[TestFixture]
public sealed class AlertEventTests
{
    [Test]
    public void EffectiveDedupKey_NoKeySet_IsTypeAndSourceMadeOnce()
    {
        var e = Some.Event(type: AlertEventTypes.JobFailed, source: "nightly-import");

        var first = e.EffectiveDedupKey;

        Assert.That(e.EffectiveDedupKey, Is.EqualTo("job.failed:nightly-import").And.SameAs(first));
    }

    [Test]
    public void EffectiveDedupKey_KeySet_IsThatKey()
    {
        Assert.That(Some.Event(dedupKey: "disk:/var").EffectiveDedupKey, Is.EqualTo("disk:/var"));
    }

    [Test]
    public void ToResolved_KeepsTheEffectiveKeyUnderANewId()
    {
        var firing = Some.Event();

        var resolved = firing.ToResolved("back to normal");

        Assert.Multiple(() =>
        {
            Assert.That(resolved.Status, Is.EqualTo(AlertStatus.Resolved));
            Assert.That(resolved.DedupKey, Is.EqualTo(firing.EffectiveDedupKey));
            Assert.That(resolved.Message, Is.EqualTo("back to normal"));
            Assert.That(resolved.Id, Is.Not.EqualTo(firing.Id));
        });
    }
}
