using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Notifiers;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;

namespace Alerting.Tests.Diagnostics;

/// <summary>
/// <see cref="IAlertingBackgroundWork"/>: every unit of work is counted from its start (a publish, a timer firing) until
/// it ends, so a wait for idle or settled never returns while work is being handed on, and a notification waiting for
/// the clock counts as waiting for time, not running.
/// </summary>
[TestFixture]
public sealed class BackgroundWorkTests
{
    [Test]
    public async Task WaitForIdleAsync_NotificationBeingDelivered_CompletesOnlyOnceItsOutcomeIsRecorded()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a.AddRecording("ops", out ops).AddRule("r", r => r.WithoutIncidents().Notify("ops")));
        var answer = new TaskCompletionSource<DeliveryResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        ops.Respond = (_, _) => new ValueTask<DeliveryResult>(answer.Task);
        var work = harness.Get<IAlertingBackgroundWork>();

        await harness.Publisher.PublishAsync(Some.Problem());
        var idle = work.WaitForIdleAsync();
        await ops.WaitForAsync(1);
        var busyWhileTheNotifierAnswers = (idle.IsCompleted, work.Running > 0, work.IsIdle);
        answer.SetResult(DeliveryResult.Delivered());
        await idle.WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(busyWhileTheNotifierAnswers, Is.EqualTo((false, true, false)));
            Assert.That(harness.Get<INotificationHistory>().GetRecent().Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "recorded before idle");
            Assert.That(work.IsIdle, Is.True);
        }
    }

    [Test]
    public async Task WaitForSettledAsync_NotificationWaitingToRetry_CountsItAsWaitingForTimeUntilTheClockPassesIt()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.Retry.BaseDelay = TimeSpan.FromSeconds(10))
            .AddRule("r", r => r.WithoutIncidents().Notify("ops")));
        var calls = 0;
        ops.Respond = (_, _) => ValueTask.FromResult(Interlocked.Increment(ref calls) == 1 ? DeliveryResult.Transient("503") : DeliveryResult.Delivered());
        var work = harness.Get<IAlertingBackgroundWork>();

        await harness.Publisher.PublishAsync(Some.Problem());
        await work.WaitForSettledAsync().WaitAsync(TimerClock.Guard);
        var waiting = (work.Running, work.WaitingForTime, work.IsIdle, ops.Received.Count);
        harness.Time.Advance(TimeSpan.FromSeconds(15));
        await work.WaitForSettledAsync().WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waiting, Is.EqualTo((0, 1, false, 1)), "settled with the retry waiting for the clock");
            Assert.That(ops.Received, Has.Count.EqualTo(2), "the retry runs before settled once the clock has passed its time");
            Assert.That(work.IsIdle, Is.True);
        }
    }

    [Test]
    public async Task WaitForSettledAsync_ChannelRateLimitWait_CountsAsWaitingForTime()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c =>
            {
                c.RateLimit.PermitLimit = 1;
                c.RateLimit.Period = TimeSpan.FromMinutes(1);
            })
            .AddRule("r", r => r.WithoutIncidents().Notify("ops")));
        var work = harness.Get<IAlertingBackgroundWork>();

        await harness.Publisher.PublishAsync(Some.Problem());
        await harness.Publisher.PublishAsync(Some.Problem());
        await work.WaitForSettledAsync().WaitAsync(TimerClock.Guard);
        var waiting = (work.WaitingForTime, ops.Received.Count);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await work.WaitForIdleAsync().WaitAsync(TimerClock.Guard);

        Assert.That((waiting, ops.Received.Count), Is.EqualTo(((1, 1), 2)));
    }

    [Test]
    public async Task WaitForSettledAsync_EscalationLevelComingDue_RunsItBeforeSettling()
    {
        RecordingSink oncall = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRecording("oncall", out oncall)
            .AddEscalationPolicy("page", p => p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(10), Channels = ["oncall"] }))
            .AddRule("r", r => r.EscalateWith("page").Notify("ops")));
        var work = harness.Get<IAlertingBackgroundWork>();

        await harness.Publisher.PublishAndWaitAsync(Some.Event());
        harness.Time.Advance(TimeSpan.FromMinutes(10));
        await work.WaitForSettledAsync().WaitAsync(TimerClock.Guard);

        Assert.That(oncall.Received.Select(n => (n.Kind, n.EscalationLevel)), Is.EqualTo(new (NotificationKind, int?)[] { (NotificationKind.Trigger, 1) }));
    }

    [Test]
    public async Task WaitForSettledAsync_MonitorDeadlineComingDue_PublishesAndDeliversItsEventBeforeSettling()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddJob("import", j => j.MaxRunTime = TimeSpan.FromHours(1))
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobTimedOut).Notify("ops")));
        var work = harness.Get<IAlertingBackgroundWork>();

        using var run = harness.Get<IJobMonitor>().StartRun("import");
        harness.Time.Advance(TimeSpan.FromHours(1));
        await work.WaitForSettledAsync().WaitAsync(TimerClock.Guard);

        Assert.That(ops.Received.Select(n => n.Event.Type), Is.EqualTo(new[] { AlertEventTypes.JobTimedOut }));
    }

    [Test]
    public async Task WaitForIdleAsync_DeliveryFailedRaisedByAFailure_WaitsForItsFallbackToo()
    {
        RecordingSink fallback = null!;
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("fallback", out fallback)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops"))
            .AddRule("fallback", r => r.ForTypes(AlertEventTypes.DeliveryFailed).Notify("fallback")));
        ops.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("invalid_token"));

        await harness.Publisher.PublishAsync(Some.Problem());
        await harness.Get<IAlertingBackgroundWork>().WaitForIdleAsync().WaitAsync(TimerClock.Guard);

        Assert.That(fallback.Received.Select(n => n.Event.Type), Is.EqualTo(new[] { AlertEventTypes.DeliveryFailed }));
    }

    [Test]
    public async Task WaitForIdleAsync_ManyThreadsEnteringAndExiting_CompletesOnlyOnceAllHaveExited()
    {
        var work = new BackgroundWork();
        work.Enter();
        var idle = work.WaitForIdleAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                work.Enter();
                work.Exit();
            }
        })));
        var idleBeforeTheLastExit = idle.IsCompleted;
        work.Exit();
        await idle.WaitAsync(TimerClock.Guard);

        Assert.That((idleBeforeTheLastExit, work.Running, work.IsIdle), Is.EqualTo((false, 0, true)));
    }

    [Test]
    public async Task WaitForTimeAsync_Waiting_ArmsItsTimerWhileTheUnitStillCountsAsRunning()
    {
        var work = new BackgroundWork();
        var time = new RunningCountAtTimerCreation(work);
        work.Enter();

        var waiting = work.WaitForTimeAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None);
        var whileWaiting = (work.Running, work.WaitingForTime);
        time.Advance(TimeSpan.FromSeconds(5));
        await waiting.WaitAsync(TimerClock.Guard);

        Assert.That((time.RunningWhenArmed, whileWaiting, work.Running, work.WaitingForTime), Is.EqualTo((1, (0, 1), 1, 0)), "whoever sees it settled finds its timer on the clock");
    }

    [Test]
    public void WaitForTimeAsync_Cancelled_CountsTheUnitAsRunningAgainAndThrows()
    {
        var work = new BackgroundWork();
        var time = new TimerClock();
        using var cancel = new CancellationTokenSource();
        work.Enter();

        var waiting = work.WaitForTimeAsync(TimeSpan.FromMinutes(1), time, cancel.Token);
        var whileWaiting = (work.Running, work.WaitingForTime);
        cancel.Cancel();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        Assert.That((whileWaiting, work.Running, work.WaitingForTime), Is.EqualTo(((0, 1), 1, 0)));
    }

    /// <summary>A fake clock that notes how many units ran when a timer was created.</summary>
    private sealed class RunningCountAtTimerCreation(BackgroundWork work) : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        public int RunningWhenArmed { get; private set; } = -1;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            RunningWhenArmed = work.Running;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
