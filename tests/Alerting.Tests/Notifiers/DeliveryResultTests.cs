using Alerting.Notifiers;

namespace Alerting.Tests.Notifiers;

[TestFixture]
public class DeliveryResultTests
{
    [Test]
    public void Delivered_Default_IsDeliveredOnceWithoutReason()
    {
        var result = DeliveryResult.Delivered();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Reason, Is.Null);
            Assert.That(result.RetryAfter, Is.Null);
            Assert.That(result.ToString(), Is.EqualTo("Delivered"));
        }
    }

    [Test]
    public void Delivered_WithAttempts_KeepsThem()
    {
        Assert.That(DeliveryResult.Delivered(3).Attempts, Is.EqualTo(3));
    }

    [Test]
    public void Transient_WithRetryAfterAndAttempts_KeepsEverything()
    {
        var result = DeliveryResult.Transient("429 Too Many Requests", TimeSpan.FromSeconds(30), attempts: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.IsDelivered, Is.False);
            Assert.That(result.Reason, Is.EqualTo("429 Too Many Requests"));
            Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(result.ToString(), Is.EqualTo("TransientFailure: 429 Too Many Requests"));
        }
    }

    [Test]
    public void Permanent_WithReason_IsPermanentWithoutRetryAfter()
    {
        var result = DeliveryResult.Permanent("400 Bad Request");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.IsDelivered, Is.False);
            Assert.That(result.Reason, Is.EqualTo("400 Bad Request"));
            Assert.That(result.RetryAfter, Is.Null);
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void Factories_AttemptsBelowOne_Throw(int attempts)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => DeliveryResult.Delivered(attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => DeliveryResult.Transient("503", attempts: attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => DeliveryResult.Permanent("400", attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void ForRecipients_AllDelivered_IsDeliveredWithEveryRecipientAndTheSummedAttempts()
    {
        var result = DeliveryResult.ForRecipients([new("+***1", DeliveryStatus.Delivered, null, 1), new("+***2", DeliveryStatus.Delivered, null, 2)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Recipients, Has.Count.EqualTo(2));
            Assert.That(result.Reason, Is.Null);
        }
    }

    [Test]
    public void ForRecipients_OnePermanentFailure_IsPermanentNamingThatRecipient()
    {
        var result = DeliveryResult.ForRecipients([new("+***1", DeliveryStatus.Delivered, null, 1), new("+***2", DeliveryStatus.PermanentFailure, "opted out", 1)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo("1 of 2 recipient(s) failed: +***2: opted out"));
        }
    }

    [Test]
    public void ForRecipients_AnyTransientFailure_IsTransient()
    {
        var result = DeliveryResult.ForRecipients([new("+***1", DeliveryStatus.PermanentFailure, "opted out", 1), new("+***2", DeliveryStatus.TransientFailure, "HTTP 503", 4)]);

        Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
    }

    [Test]
    public void ForRecipients_None_Throws() =>
        Assert.That(() => DeliveryResult.ForRecipients([]), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void SingleRecipientResults_HaveNoRecipientBreakdown() =>
        Assert.That(DeliveryResult.Permanent("x").Recipients, Is.Empty);
}
