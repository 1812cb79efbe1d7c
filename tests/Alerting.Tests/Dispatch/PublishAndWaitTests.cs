using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class PublishAndWaitTests
{
    public enum SkipCause
    {
        Disabled,
        OtherEnvironment,
        NoEnvironment,
    }

    [Test]
    public async Task PublishAndWaitAsync_RuleWithThreeActions_ReturnsOneOutcomePerAction()
    {
        RecordingSink pager = null!;
        RecordingSink chat = null!;
        var called = new List<string>();
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("pager", out pager)
            .AddRecording("chat", out chat)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed)
                .Notify("pager")
                .Notify("chat")
                .Call(ctx =>
                {
                    lock (called)
                    {
                        called.Add(ctx.RuleName);
                    }

                    return ValueTask.CompletedTask;
                })));
        var alert = Some.Problem();

        var result = await rig.Publisher.PublishAndWaitAsync(alert).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.ChannelName), Is.EquivalentTo(new[] { "pager", "chat", "callback" }));
            Assert.That(result.Outcomes.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(result.Outcomes.Select(o => o.RuleName), Is.All.EqualTo("failures"));
            Assert.That(result.Outcomes.Select(o => o.EventId), Is.All.EqualTo(alert.Id));
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(pager.Received, Has.Count.EqualTo(1));
            Assert.That(chat.Received, Has.Count.EqualTo(1));
            Assert.That(called, Is.EqualTo(new[] { "failures" }));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_Delivered_OutcomeCarriesAttemptsSeverityAndTitle()
    {
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops", x =>
            {
                x.Severity = AlertSeverity.Critical;
                x.Title = "Import is down";
            })));

        var outcome = (await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(outcome.Severity, Is.EqualTo(AlertSeverity.Critical));
            Assert.That(outcome.Title, Is.EqualTo("Import is down"));
            Assert.That(outcome.Reason, Is.Null);
            Assert.That(outcome.Timestamp, Is.EqualTo(TimerClock.Epoch));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_PermanentFailure_ReturnsFailedWithProviderReason()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a.AddRecording("ops", out ops).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));
        ops.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized"));

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.Contain("401 Unauthorized"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(result.AllDelivered, Is.False);
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_ThresholdNotReached_ReturnsSuppressedWithoutCallingNotifier()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("repeated", r => r.ForTypes(AlertEventTypes.JobFailed).AfterCount(2, TimeSpan.FromMinutes(5)).Notify("ops")));

        var first = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimerClock.Guard);
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(first.Outcomes.Single().Attempts, Is.Zero);
            Assert.That(first.Outcomes.Single().Reason, Is.Not.Empty);
            Assert.That(second.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(ops.Received, Has.Count.EqualTo(1));
        }
    }

    [TestCase(SkipCause.Disabled)]
    [TestCase(SkipCause.OtherEnvironment)]
    [TestCase(SkipCause.NoEnvironment)]
    public async Task PublishAndWaitAsync_ChannelDoesNotServeEvent_ReturnsSkipped(SkipCause cause)
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c =>
            {
                if (cause == SkipCause.Disabled)
                {
                    c.Enabled = false;
                }
                else
                {
                    c.Environments = ["production"];
                }
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));
        var alert = Some.Problem(environment: cause switch
        {
            SkipCause.OtherEnvironment => "staging",
            SkipCause.NoEnvironment => null,
            _ => "production",
        });

        var outcome = (await rig.Publisher.PublishAndWaitAsync(alert).WaitAsync(TimerClock.Guard)).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Skipped));
            Assert.That(outcome.ChannelName, Is.EqualTo("ops"));
            Assert.That(outcome.Reason, Is.Not.Empty);
            Assert.That(ops.Received, Is.Empty);
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_ChannelLimitedToEventsEnvironment_DeliversIgnoringCase()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.Environments = ["Production"])
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));

        var outcome = (await rig.Publisher.PublishAndWaitAsync(Some.Problem(environment: "production")).WaitAsync(TimerClock.Guard)).Outcomes.Single();

        Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
    }

    [Test]
    public async Task PublishAndWaitAsync_NoRuleMatches_ReturnsNoOutcomes()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a.AddRecording("ops", out ops).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem(type: AlertEventTypes.JobSucceeded)).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes, Is.Empty);
            Assert.That(result.Matched, Is.False);
            Assert.That(result.AllDelivered, Is.False);
            Assert.That(ops.Received, Is.Empty);
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_CancelledWhileWaiting_StopsWaitingButDeliveryGoesOn()
    {
        RecordingSink ops = null!;
        await using var rig = DispatchRig.Create(a => a.AddRecording("ops", out ops).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));
        var gate = rig.NewGate();
        ops.Respond = gate.Respond;
        using var cts = new CancellationTokenSource();

        var waiting = rig.Publisher.PublishAndWaitAsync(Some.Problem(), cts.Token);
        await gate.WaitForEnteredAsync(1);
        await cts.CancelAsync();

        Assert.That(async () => await waiting.WaitAsync(TimerClock.Guard), Throws.InstanceOf<OperationCanceledException>());
        gate.Open();
        await rig.Dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimerClock.Guard);
        Assert.That(rig.History.GetRecent().Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
    }
}
