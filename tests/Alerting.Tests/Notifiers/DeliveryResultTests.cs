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
    public void Delivered_AttemptsBelowOne_Throws(int attempts) =>
        Assert.That(() => DeliveryResult.Delivered(attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [TestCase(-1)]
    [TestCase(int.MinValue)]
    public void Failures_NegativeAttempts_Throw(int attempts)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => DeliveryResult.Transient("503", attempts: attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => DeliveryResult.Permanent("400", attempts), Throws.InstanceOf<ArgumentOutOfRangeException>());
        }
    }

    [Test]
    public void Failures_ThatNeverReachedTheProvider_ReportZeroAttempts()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeliveryResult.Transient("the channel's circuit is open", attempts: 0).Attempts, Is.Zero);
            Assert.That(DeliveryResult.Permanent("refused before sending", 0).Attempts, Is.Zero);
        }
    }

    [Test]
    public void ForRecipients_AllDelivered_IsDeliveredWithEveryRecipientAndTheSummedAttempts()
    {
        var result = DeliveryResult.ForRecipients([new("+*******0111", DeliveryStatus.Delivered, null, 1), new("+*******0122", DeliveryStatus.Delivered, null, 2)]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Recipients.Select(r => r.Recipient), Is.EqualTo(new[] { "+*******0111", "+*******0122" }));
            Assert.That(result.Reason, Is.Null);
            Assert.That(result.RetryAfter, Is.Null);
        }
    }

    [Test]
    public void ForRecipients_OnePermanentFailure_IsPermanentWithAReasonNamingThatRecipient()
    {
        var result = DeliveryResult.ForRecipients(
        [
            new("+*******0111", DeliveryStatus.Delivered, null, 1),
            new("+*******4567", DeliveryStatus.PermanentFailure, "21610 opted out", 1),
            new("+*******0133", DeliveryStatus.Delivered, null, 1),
        ]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo("1 of 3 recipients failed: +*******4567: 21610 opted out"));
            Assert.That(result.ToString(), Is.EqualTo("PermanentFailure: 1 of 3 recipients failed: +*******4567: 21610 opted out"));
        }
    }

    [Test]
    public void ForRecipients_AnyTransientFailure_IsTransientNamingEveryFailureInOrder()
    {
        var result = DeliveryResult.ForRecipients(
        [
            new("+***1", DeliveryStatus.PermanentFailure, "opted out", 1),
            new("+***2", DeliveryStatus.Delivered, null, 1),
            new("+***3", DeliveryStatus.TransientFailure, "HTTP 503", 4),
        ]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("2 of 3 recipients failed: +***1: opted out; +***3: HTTP 503"));
            Assert.That(result.Attempts, Is.EqualTo(6));
        }
    }

    [Test]
    public void ForRecipients_TransientFailuresWithRetryAfter_CarriesTheLongestWait()
    {
        var result = DeliveryResult.ForRecipients(
        [
            new("+***1", DeliveryStatus.TransientFailure, "HTTP 429", 2) { RetryAfter = TimeSpan.FromSeconds(3) },
            new("+***2", DeliveryStatus.PermanentFailure, "opted out", 1) { RetryAfter = TimeSpan.FromMinutes(9) },
            new("+***3", DeliveryStatus.TransientFailure, "HTTP 503", 2),
            new("+***4", DeliveryStatus.TransientFailure, "HTTP 429", 2) { RetryAfter = TimeSpan.FromSeconds(8) },
        ]);

        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(8)), "only transient recipients' waits count");
    }

    [Test]
    public void ForRecipients_OnlyRecipientFailedWithoutReason_NamesItsStatus() =>
        Assert.That(
            DeliveryResult.ForRecipients([new("+***1", DeliveryStatus.PermanentFailure, null, 1)]).Reason,
            Is.EqualTo("1 of 1 recipient failed: +***1: PermanentFailure"));

    [Test]
    public void ForRecipients_CallerChangesItsList_BreakdownStaysAsItWasAndCannotBeChanged()
    {
        var recipients = new List<RecipientResult> { new("+***1", DeliveryStatus.Delivered, null, 1) };

        var result = DeliveryResult.ForRecipients(recipients);
        recipients.Add(new("+***2", DeliveryStatus.PermanentFailure, "x", 1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Recipients, Has.Count.EqualTo(1));
            Assert.That(result.Recipients, Is.Not.InstanceOf<List<RecipientResult>>().And.Not.InstanceOf<RecipientResult[]>());
            Assert.That(((ICollection<RecipientResult>)result.Recipients).IsReadOnly, Is.True);
        }
    }

    [Test]
    public void ForRecipients_None_Throws() =>
        Assert.That(() => DeliveryResult.ForRecipients([]), Throws.ArgumentException);

    [Test]
    public void ForRecipients_Null_Throws() =>
        Assert.That(() => DeliveryResult.ForRecipients(null!), Throws.ArgumentNullException);

    [TestCase("", DeliveryStatus.Delivered, 1)]
    [TestCase("+***1", (DeliveryStatus)7, 1)]
    [TestCase("+***1", DeliveryStatus.Delivered, -1)]
    public void ForRecipients_InvalidEntry_Throws(string recipient, DeliveryStatus status, int attempts) =>
        Assert.That(() => DeliveryResult.ForRecipients([new(recipient, status, null, attempts)]), Throws.ArgumentException);

    [Test]
    public void ForRecipients_NullEntry_Throws() =>
        Assert.That(() => DeliveryResult.ForRecipients([null!]), Throws.ArgumentNullException);

    [Test]
    public void SingleRecipientResults_HaveNoRecipientBreakdown()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(DeliveryResult.Delivered().Recipients, Is.Empty);
            Assert.That(DeliveryResult.Delivered(2).Recipients, Is.Empty);
            Assert.That(DeliveryResult.Transient("503").Recipients, Is.Empty);
            Assert.That(DeliveryResult.Permanent("400").Recipients, Is.Empty);
        }
    }

    [Test]
    public void RecipientResult_ToString_ShowsRecipientStatusAndReason() =>
        Assert.That(new RecipientResult("+***1", DeliveryStatus.PermanentFailure, "opted out", 1).ToString(), Is.EqualTo("+***1: PermanentFailure: opted out"));
}
