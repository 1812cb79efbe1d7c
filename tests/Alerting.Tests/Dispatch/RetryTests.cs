using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class RetryTests
{
    private const string Channel = "ops";

    private static DispatchRig CreateRig(out RecordingSink sink, Action<DeliveryRetryOptions>? retry = null, NotifierCapabilities? capabilities = null)
    {
        RecordingSink created = null!;
        var rig = DispatchRig.Create(a => a
            .AddRecording(Channel, out created, o => o.Capabilities = capabilities ?? NotifierCapabilities.PlainText)
            .ConfigureChannel(Channel, c =>
            {
                c.MaxConcurrency = 1;
                c.Retry.BaseDelay = TimeSpan.FromSeconds(1);
                c.Retry.MaxDelay = TimeSpan.FromMinutes(1);
                retry?.Invoke(c.Retry);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Channel)));
        sink = created;
        return rig;
    }

    /// <summary>Answers the calls in turn with the given results; the last one repeats.</summary>
    private static Func<Notification, CancellationToken, ValueTask<DeliveryResult>> Answers(params DeliveryResult[] results)
    {
        var calls = 0;
        return (_, _) => ValueTask.FromResult(results[Math.Min(Interlocked.Increment(ref calls), results.Length) - 1]);
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(5)]
    public async Task PublishAndWaitAsync_AlwaysTransient_TriesMaxAttemptsThenFails(int maxAttempts)
    {
        await using var rig = CreateRig(out var sink, r => r.MaxAttempts = maxAttempts);
        sink.Respond = Answers(DeliveryResult.Transient("503 Service Unavailable"));

        var outcome = (await rig.PublishAndRunAsync(Some.Problem())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.Contain("503 Service Unavailable"));
            Assert.That(outcome.Attempts, Is.EqualTo(maxAttempts));
            Assert.That(sink.Received.Select(n => n.Attempt), Is.EqualTo(Enumerable.Range(1, maxAttempts)));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_TransientTwiceThenDelivered_DeliveredAfterExponentialBackoff()
    {
        await using var rig = CreateRig(out var sink, r => r.MaxAttempts = 5);
        sink.Respond = Answers(DeliveryResult.Transient("502"), DeliveryResult.Transient("502"), DeliveryResult.Delivered());

        var waiting = rig.Publisher.PublishAndWaitAsync(Some.Problem());
        var firstDelay = await rig.Clock.FireNextTimerAsync();
        var secondDelay = await rig.Clock.FireNextTimerAsync();
        var outcome = (await waiting.WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstDelay, Is.InRange(TimeSpan.FromSeconds(0.8), TimeSpan.FromSeconds(1.2)));
            Assert.That(secondDelay, Is.InRange(TimeSpan.FromSeconds(1.6), TimeSpan.FromSeconds(2.4)));
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(outcome.Attempts, Is.EqualTo(3));
            Assert.That(sink.Received, Has.Count.EqualTo(3));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_TransientWithRetryAfter_NoSecondAttemptBeforeIt()
    {
        await using var rig = CreateRig(out var sink);
        var retryAfter = TimeSpan.FromSeconds(10);
        sink.Respond = Answers(DeliveryResult.Transient("429 Too Many Requests", retryAfter), DeliveryResult.Delivered());

        var waiting = rig.Publisher.PublishAndWaitAsync(Some.Problem());
        var delay = await rig.Clock.NextTimerAsync();
        rig.Clock.Advance(retryAfter - TimeSpan.FromMilliseconds(1));

        Assert.That(sink.Received, Has.Count.EqualTo(1), "the retry must wait for Retry-After");
        rig.Clock.Advance(delay - retryAfter + TimeSpan.FromMilliseconds(1));
        var outcome = (await waiting.WaitAsync(TimerClock.Guard)).Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delay, Is.InRange(retryAfter, retryAfter * 1.1), "Retry-After plus at most 10 % jitter");
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(outcome.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_RetryAfterBeyondMaxDelay_WaitsOnlyMaxDelay()
    {
        await using var rig = CreateRig(out var sink, r => r.MaxDelay = TimeSpan.FromSeconds(30));
        sink.Respond = Answers(DeliveryResult.Transient("429", TimeSpan.FromMinutes(10)), DeliveryResult.Delivered());

        var waiting = rig.Publisher.PublishAndWaitAsync(Some.Problem());
        var delay = await rig.Clock.FireNextTimerAsync();
        var outcome = (await waiting.WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(delay, Is.EqualTo(TimeSpan.FromSeconds(30)));
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_PermanentFailure_NotRetried()
    {
        await using var rig = CreateRig(out var sink, r => r.MaxAttempts = 5);
        sink.Respond = Answers(DeliveryResult.Permanent("404 Not Found"), DeliveryResult.Delivered());

        var outcome = (await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(sink.Received, Has.Count.EqualTo(1));
            Assert.That(rig.Clock.Created, Is.Empty, "no retry delay is scheduled");
        }
    }

    [TestCase(DeliveryStatus.TransientFailure, DeliveryOutcomeStatus.Failed)]
    [TestCase(DeliveryStatus.Delivered, DeliveryOutcomeStatus.Delivered)]
    public async Task PublishAndWaitAsync_NotifierRetriesInternally_CalledOnceAndItsAttemptsCounted(DeliveryStatus answer, DeliveryOutcomeStatus expected)
    {
        await using var rig = CreateRig(out var sink, r => r.MaxAttempts = 5, new NotifierCapabilities { RetriesInternally = true });
        sink.Respond = Answers(answer == DeliveryStatus.Delivered ? DeliveryResult.Delivered(4) : DeliveryResult.Transient("503", attempts: 4));

        var outcome = (await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(expected));
            Assert.That(outcome.Attempts, Is.EqualTo(4));
            Assert.That(sink.Received, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_AttemptsReportedByNotifier_AddUpAcrossRetries()
    {
        await using var rig = CreateRig(out var sink, r => r.MaxAttempts = 2);
        sink.Respond = Answers(DeliveryResult.Transient("503", attempts: 2), DeliveryResult.Delivered(3));

        var outcome = (await rig.PublishAndRunAsync(Some.Problem())).Outcomes.Single();

        Assert.That(outcome.Attempts, Is.EqualTo(5));
    }
}
