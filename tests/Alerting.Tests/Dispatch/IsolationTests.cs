using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class IsolationTests
{
    public enum Misbehaviour
    {
        ReturnsFaultedTask,
        ThrowsSynchronously,
        HangsIgnoringToken,
        ReturnsNull,
    }

    [TestCase(Misbehaviour.ReturnsFaultedTask, "InvalidOperationException")]
    [TestCase(Misbehaviour.ThrowsSynchronously, "InvalidOperationException")]
    [TestCase(Misbehaviour.HangsIgnoringToken, "timed out")]
    [TestCase(Misbehaviour.ReturnsNull, "no result")]
    public async Task PublishAndWaitAsync_NotifierMisbehaves_FailsAfterRetriesWhileOtherChannelDelivers(Misbehaviour misbehaviour, string reason)
    {
        RecordingSink broken = null!;
        RecordingSink healthy = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("broken", out broken)
            .AddRecording("healthy", out healthy)
            .ConfigureChannel("broken", c =>
            {
                c.Timeout = TimeSpan.FromSeconds(5);
                c.Retry.MaxAttempts = 2;
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("broken").Notify("healthy")));
        broken.Respond = Misbehave(misbehaviour);

        var result = await rig.PublishAndRunAsync(Some.Problem());

        var failed = result.Outcomes.Single(o => o.ChannelName == "broken");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Single(o => o.ChannelName == "healthy").Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(failed.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(failed.Reason, Does.Contain(reason).IgnoreCase);
            Assert.That(failed.Attempts, Is.EqualTo(2));
            Assert.That(healthy.Received, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_HangingNotifierObservesToken_TokenCancelledOnTimeoutAndRetryGetsFreshToken()
    {
        RecordingSink hanging = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("hanging", out hanging)
            .ConfigureChannel("hanging", c =>
            {
                c.Timeout = TimeSpan.FromSeconds(5);
                c.Retry.MaxAttempts = 2;
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("hanging")));
        var tokens = new List<(CancellationToken Token, bool CancelledOnEntry)>();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hanging.Respond = async (_, ct) =>
        {
            lock (tokens)
            {
                tokens.Add((ct, ct.IsCancellationRequested));
            }

            try
            {
                await new TaskCompletionSource().Task.WaitAsync(ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }

            return DeliveryResult.Delivered();
        };

        var outcome = (await rig.PublishAndRunAsync(Some.Problem())).Outcomes.Single();

        await cancelled.Task.WaitAsync(TimerClock.Guard);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(tokens, Has.Count.EqualTo(2));
            Assert.That(tokens.Select(t => t.CancelledOnEntry), Is.All.False, "each attempt starts with a live token");
            Assert.That(tokens.Select(t => t.Token.IsCancellationRequested), Is.All.True, "each timed-out attempt has its token cancelled");
        }
    }

    [Test]
    public async Task PublishAsync_ChannelBlocked_OtherChannelStillDelivers()
    {
        RecordingSink slow = null!;
        RecordingSink fast = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("slow", out slow)
            .AddRecording("fast", out fast)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("slow").Notify("fast")));
        var gate = rig.NewGate();
        slow.Respond = gate.Respond;
        var delivered = new EventSignals();
        fast.Respond = (n, _) =>
        {
            delivered.Set(n.Event.Id);
            return ValueTask.FromResult(DeliveryResult.Delivered());
        };
        var events = new[] { Some.Problem(), Some.Problem() };

        foreach (var e in events)
        {
            await rig.Publisher.PublishAsync(e);
        }

        await Task.WhenAll(events.Select(e => delivered.WaitAsync(e.Id)));
        Assert.That(rig.History.GetRecent().Where(o => o.ChannelName == "slow"), Is.Empty, "the slow channel is still held");
    }

    [Test]
    public async Task PublishAndWaitAsync_CallbackThrows_RecordedAsFailedOnCallbackChannel()
    {
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("cancel-run", r => r.ForTypes(AlertEventTypes.JobFailed).Call(_ => throw new InvalidOperationException("host bug")).Notify("ops")));

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var callback = result.Outcomes.Single(o => o.ChannelName == "callback");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(callback.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(callback.Reason, Does.Contain(nameof(InvalidOperationException)));
            Assert.That(result.Outcomes.Single(o => o.ChannelName == "ops").Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_AttributeThrowsWhileRendering_FailsThatDeliveryAndChannelKeepsDelivering()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops", x => x.Title = "Import failed on {attributes.host}")));
        var poisoned = Some.Problem(attributes: new Dictionary<string, object?> { ["host"] = new UnprintableValue() });

        var first = await rig.Publisher.PublishAndWaitAsync(poisoned).WaitAsync(TimerClock.Guard);
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Problem(attributes: new Dictionary<string, object?> { ["host"] = "db-1" })).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(first.Outcomes.Single().Attempts, Is.Zero);
            Assert.That(second.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(ops.Received.Select(n => n.Title), Is.EqualTo(new[] { "Import failed on db-1" }));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_AttributeConditionThrows_RuleDoesNotMatchAndRoutingKeepsWorking()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("eu-only", r => r.ForTypes(AlertEventTypes.JobFailed).WhenAttribute("region", "eu").Notify("ops", x => x.Title = "eu"))
            .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops", x => x.Title = "all")));
        var poisoned = Some.Problem(attributes: new Dictionary<string, object?> { ["region"] = new UnprintableValue() });

        var first = await rig.Publisher.PublishAndWaitAsync(poisoned).WaitAsync(TimerClock.Guard);
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Problem(attributes: new Dictionary<string, object?> { ["region"] = "eu" })).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcomes.Select(o => o.RuleName), Is.EqualTo(new[] { "all" }));
            Assert.That(second.Outcomes.Select(o => o.RuleName), Is.EquivalentTo(new[] { "eu-only", "all" }));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_TimeoutBeyondTimerRange_DeliversOnceWithoutTimeout()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.Timeout = TimeSpan.FromDays(60))
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));
        ops.Respond = async (_, _) =>
        {
            await Task.Yield();
            return DeliveryResult.Delivered();
        };

        var outcome = (await rig.PublishAndRunAsync(Some.Problem())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(ops.Received, Has.Count.EqualTo(1), "a delivered notification must not be sent again");
        }
    }

    private static Func<Notification, CancellationToken, ValueTask<DeliveryResult>> Misbehave(Misbehaviour misbehaviour) => misbehaviour switch
    {
        Misbehaviour.ReturnsFaultedTask => (_, _) => ValueTask.FromException<DeliveryResult>(new InvalidOperationException("provider SDK bug")),
        Misbehaviour.ThrowsSynchronously => (_, _) => throw new InvalidOperationException("provider SDK bug"),
        Misbehaviour.HangsIgnoringToken => async (_, _) =>
        {
            await new TaskCompletionSource().Task;
            return DeliveryResult.Delivered();
        },
        _ => (_, _) => ValueTask.FromResult<DeliveryResult>(null!),
    };

    /// <summary>An attribute value whose text cannot be produced, as a buggy host type might be.</summary>
    private sealed class UnprintableValue
    {
        public override string ToString() => throw new NotSupportedException("no text");
    }
}
