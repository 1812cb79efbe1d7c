using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class DeliveryFailedTests
{
    private const string Primary = "pagerduty-prod";
    private const string Fallback = "ops-email";
    private const string MainRule = "failed-imports";
    private const int DeliveryFailedNotRaisedEventId = 1009;

    private static DispatchRig CreateRig(out RecordingSink primary, out RecordingSink fallback)
    {
        RecordingSink p = null!;
        RecordingSink f = null!;
        var rig = DispatchRig.Create(
            a => a
                .AddRecording(Primary, out p)
                .AddRecording(Fallback, out f)
                .ConfigureChannel(Primary, c => c.Retry.MaxAttempts = 3)
                .AddRule(MainRule, r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Primary))
                .AddRule("fallback", r => r.ForTypes(AlertEventTypes.DeliveryFailed).Notify(Fallback)),
            s => s.AddLogging(b => b.AddFakeLogging()));
        primary = p;
        fallback = f;
        return rig;
    }

    /// <summary>Records what the fallback channel gets and signals its first call.</summary>
    private static Task<Notification> FirstCall(RecordingSink sink, DeliveryResult answer)
    {
        var first = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        sink.Respond = (n, _) =>
        {
            first.TrySetResult(n);
            return ValueTask.FromResult(answer);
        };
        return first.Task.WaitAsync(TimerClock.Guard);
    }

    /// <summary>Stops gracefully, so anything the failures raised has been routed, delivered or reported as not raised.</summary>
    private static async Task SettleAsync(DispatchRig rig) => await rig.Dispatcher.StopAsync(CancellationToken.None).WaitAsync(TimerClock.Guard);

    private static IEnumerable<FakeLogRecord> NotRaisedLogs(DispatchRig rig) =>
        rig.Harness.Provider.GetFakeLogCollector().GetSnapshot().Where(r => r.Id.Id == DeliveryFailedNotRaisedEventId);

    [TestCase(DeliveryStatus.PermanentFailure, 1)]
    [TestCase(DeliveryStatus.TransientFailure, 3)]
    public async Task PublishAsync_DeliveryFailsFinally_RaisesDeliveryFailedThatFallbackRuleRoutes(DeliveryStatus failure, int attempts)
    {
        await using var rig = CreateRig(out var primary, out var fallback);
        primary.Respond = (_, _) => ValueTask.FromResult(failure == DeliveryStatus.PermanentFailure
            ? DeliveryResult.Permanent("401 Unauthorized")
            : DeliveryResult.Transient("503 Service Unavailable"));
        var fallbackCall = FirstCall(fallback, DeliveryResult.Delivered());
        var alert = Some.Problem(environment: "production");

        await rig.PublishAndRunAsync(alert);
        var notification = await fallbackCall;

        var raised = notification.Event;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(raised.Type, Is.EqualTo(AlertEventTypes.DeliveryFailed));
            Assert.That(raised.Source, Is.EqualTo(Primary));
            Assert.That(raised.Environment, Is.EqualTo("production"));
            Assert.That(raised.Attributes["channel"], Is.EqualTo(Primary));
            Assert.That(raised.Attributes["rule"], Is.EqualTo(MainRule));
            Assert.That(raised.Attributes["event_id"], Is.EqualTo(alert.Id));
            Assert.That(raised.Attributes["reason"], Does.Contain(failure == DeliveryStatus.PermanentFailure ? "401" : "503"));
            Assert.That(raised.Attributes["attempts"], Is.EqualTo(attempts));
            Assert.That(notification.RuleName, Is.EqualTo("fallback"));
        }
    }

    [Test]
    public async Task FallbackTemplate_NamesTheFailedChannelAndRuleUnambiguously_WhileChannelAndRuleAreTheFallbacksOwn()
    {
        RecordingSink primary = null!;
        RecordingSink fallback = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording(Primary, out primary)
            .AddRecording(Fallback, out fallback)
            .AddRule(MainRule, r => r.ForTypes(AlertEventTypes.JobFailed).Notify(Primary))
            .AddRule("fallback", r => r.ForTypes(AlertEventTypes.DeliveryFailed).Notify(Fallback, action =>
                action.Title = "{failed_channel} failed for rule {failed_rule} after {attempts} attempt(s): {reason} (sent by {rule} via {channel})")));
        primary.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized"));
        var fallbackCall = FirstCall(fallback, DeliveryResult.Delivered());

        await rig.PublishAndRunAsync(Some.Problem());
        var notification = await fallbackCall;

        Assert.That(notification.Title, Is.EqualTo($"{Primary} failed for rule {MainRule} after 1 attempt(s): 401 Unauthorized (sent by fallback via {Fallback})"));
    }

    [Test]
    public async Task PublishAsync_FallbackChannelFailsToo_DoesNotLoop()
    {
        await using var rig = CreateRig(out var primary, out var fallback);
        primary.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized"));
        var fallbackCall = FirstCall(fallback, DeliveryResult.Permanent("550 Mailbox unavailable"));

        await rig.Publisher.PublishAsync(Some.Problem());
        await fallbackCall;
        await SettleAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fallback.Received, Has.Count.EqualTo(1));
            Assert.That(rig.History.GetRecent().Select(o => (o.ChannelName, o.Status)), Is.EquivalentTo(new[]
            {
                (Primary, DeliveryOutcomeStatus.Failed),
                (Fallback, DeliveryOutcomeStatus.Failed),
            }));
            Assert.That(NotRaisedLogs(rig), Is.Empty, "a failed delivery.failed notification raises nothing further");
        }
    }

    [Test]
    public async Task Stop_DeliveryFailsWhileDraining_DeliveryFailedStillReachesTheFallback()
    {
        // The queue closes when stopping begins; a delivery.failed raised during the drain used to be logged as not raised (1009).
        await using var rig = CreateRig(out var primary, out var fallback);
        var gate = rig.NewGate();
        primary.Respond = async (n, ct) =>
        {
            await gate.Respond(n, ct);
            return DeliveryResult.Permanent("401 Unauthorized");
        };
        var fallbackCall = FirstCall(fallback, DeliveryResult.Delivered());
        var alert = Some.Problem();
        await rig.Publisher.PublishAsync(alert);
        await gate.WaitForEnteredAsync(1);

        var stopping = rig.Dispatcher.StopAsync(CancellationToken.None);
        gate.Open();
        await stopping.WaitAsync(TimerClock.Guard);
        var raised = await fallbackCall;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(raised.Event.Type, Is.EqualTo(AlertEventTypes.DeliveryFailed));
            Assert.That(raised.Event.Attributes["event_id"], Is.EqualTo(alert.Id));
            Assert.That(fallback.Received, Has.Count.EqualTo(1));
            Assert.That(NotRaisedLogs(rig), Is.Empty);
        }
    }

    [Test]
    public async Task SendTestAsync_ChannelFails_DoesNotRaiseDeliveryFailed()
    {
        await using var rig = CreateRig(out var primary, out var fallback);
        primary.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized"));

        var outcome = await rig.Harness.Get<IAlertingTester>().SendTestAsync(Primary).WaitAsync(TimerClock.Guard);
        await SettleAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(fallback.Received, Is.Empty);
            Assert.That(NotRaisedLogs(rig), Is.Empty);
        }
    }

    [Test]
    public async Task PublishAsync_Delivered_RaisesNoDeliveryFailed()
    {
        await using var rig = CreateRig(out _, out var fallback);

        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        await SettleAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(fallback.Received, Is.Empty);
            Assert.That(NotRaisedLogs(rig), Is.Empty);
        }
    }
}
