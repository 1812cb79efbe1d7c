using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>Run deadlines (maximum and expected run time, heartbeats), outcomes and their attributes, concurrent and abandoned runs.</summary>
[TestFixture]
public sealed class JobRunTests
{
    private static readonly TimeSpan s_heartbeatTimeout = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_justUnder = s_heartbeatTimeout - TimeSpan.FromMilliseconds(1);

    [Test]
    public async Task TimedOut_RunPastMaxRunTime_FiresOnceAndResolvesWhenTheRunEnds()
    {
        await using var rig = await Rig(j => j.MaxRunTime = TimeSpan.FromMinutes(10));

        using var run = rig.Jobs.StartRun("import", "r1");
        rig.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        var before = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        rig.Time.Advance(TimeSpan.FromMinutes(30));
        run.Succeeded();

        var timedOut = rig.OfType(AlertEventTypes.JobTimedOut);
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(timedOut.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }));
            Assert.That(timedOut.Select(e => e.DedupKey), Is.All.EqualTo("job.timed_out:import:r1"));
            Assert.That(timedOut[0].Attributes["duration"], Is.EqualTo(TimeSpan.FromMinutes(10)));
            Assert.That(timedOut[0].Message, Is.EqualTo("Run r1 of import is still running after its maximum run time of 10m."));
            Assert.That(timedOut[1].Message, Is.EqualTo("Run r1 of import ended (succeeded) after 40m."));
        });
    }

    [Test]
    public async Task FinishLate_RunPastExpectedRunTime_WarnsThenResolvesWithHowLate()
    {
        await using var rig = await Rig(j => j.ExpectedRunTime = TimeSpan.FromMinutes(20));

        using var run = rig.Jobs.StartRun("import", "r1");
        rig.Time.Advance(TimeSpan.FromMinutes(25));
        run.Succeeded();

        var late = rig.OfType(AlertEventTypes.JobFinishLate);
        Assert.Multiple(() =>
        {
            Assert.That(late.Select(e => (e.Status, e.Severity)), Is.EqualTo(new[] { (AlertStatus.Firing, AlertSeverity.Warning), (AlertStatus.Resolved, AlertSeverity.Warning) }));
            Assert.That(late[1].Message, Is.EqualTo("Run r1 of import ended (succeeded) after 25m, 5m later than expected."));
            Assert.That(late[1].DedupKey, Is.EqualTo("job.finish_late:import:r1"));
        });
    }

    [Test]
    public async Task Heartbeat_EachJustInTime_RaisesNothing()
    {
        await using var rig = await Rig(j => j.HeartbeatTimeout = s_heartbeatTimeout);

        using var run = rig.Jobs.StartRun("import");
        for (var beat = 0; beat < 5; beat++)
        {
            rig.Time.Advance(s_justUnder);
            run.Heartbeat();
        }

        rig.Time.Advance(s_justUnder);
        run.Succeeded();
        rig.Time.Advance(TimeSpan.FromHours(1));

        Assert.That(rig.Events, Is.Empty);
    }

    [Test]
    public async Task Heartbeat_JustLate_FiresAtTheTimeoutAndTheNextHeartbeatResolves()
    {
        await using var rig = await Rig(j => j.HeartbeatTimeout = s_heartbeatTimeout);

        using var run = rig.Jobs.StartRun("import", "r1");
        rig.Time.Advance(s_justUnder);
        run.Heartbeat();
        rig.Time.Advance(s_heartbeatTimeout);
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        run.Heartbeat();

        var missed = rig.OfType(AlertEventTypes.JobHeartbeatMissed);
        Assert.Multiple(() =>
        {
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }));
            Assert.That(missed[0].Timestamp - run.StartedAt, Is.EqualTo(s_justUnder + s_heartbeatTimeout));
            Assert.That(missed.Select(e => e.DedupKey), Is.All.EqualTo("job.heartbeat_missed:import:r1"));
            Assert.That(missed[1].Message, Is.EqualTo("Run r1 of import sent a heartbeat again after 1m of silence."));
        });
    }

    [Test]
    public async Task Heartbeat_SilentAgainAfterResuming_FiresOncePerSilence()
    {
        await using var rig = await Rig(j => j.HeartbeatTimeout = s_heartbeatTimeout);

        using var run = rig.Jobs.StartRun("import");
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        run.Heartbeat();
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        run.Failed("stuck");

        Assert.That(
            rig.OfType(AlertEventTypes.JobHeartbeatMissed).Select(e => e.Status),
            Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved, AlertStatus.Firing, AlertStatus.Resolved }));
    }

    [Test]
    public async Task StartRun_ConcurrentRunsOfOneJob_AreTrackedSeparately()
    {
        await using var rig = await Rig(j => j.MaxRunTime = TimeSpan.FromMinutes(10));

        using var first = rig.Jobs.StartRun("import", "a");
        rig.Time.Advance(TimeSpan.FromMinutes(5));
        using var second = rig.Jobs.StartRun("import", "b");
        rig.Time.Advance(TimeSpan.FromMinutes(3));
        first.Succeeded();
        rig.Time.Advance(TimeSpan.FromMinutes(10));

        var timedOut = rig.OfType(AlertEventTypes.JobTimedOut);
        Assert.Multiple(() =>
        {
            Assert.That(timedOut.Select(e => e.Attributes["run_id"]), Is.EqualTo(new[] { "b" }));
            Assert.That(timedOut[0].DedupKey, Is.EqualTo("job.timed_out:import:b"));
            Assert.That(first.IsFinished && !second.IsFinished, Is.True);
        });
    }

    [Test]
    public async Task Dispose_WithoutOutcome_ReportsAbandonedAndResolvesTheRunsDeadlines()
    {
        await using var rig = await Rig(j => j.MaxRunTime = TimeSpan.FromMinutes(1));

        using (rig.Jobs.StartRun("import", "r1"))
        {
            rig.Time.Advance(TimeSpan.FromMinutes(2));
        }

        var events = rig.Events;
        Assert.Multiple(() =>
        {
            Assert.That(events.Select(e => (e.Type, e.Status)), Is.EqualTo(new[]
            {
                (AlertEventTypes.JobTimedOut, AlertStatus.Firing),
                (AlertEventTypes.JobTimedOut, AlertStatus.Resolved),
                (AlertEventTypes.JobFailed, AlertStatus.Firing),
            }));
            Assert.That(events[2].Attributes["outcome"], Is.EqualTo("abandoned"));
            Assert.That(events[2].Attributes["error_message"], Is.EqualTo("The run ended without reporting an outcome."));
            Assert.That(events[2].Message, Is.EqualTo("Run r1 of import ended (abandoned) after 2m: The run ended without reporting an outcome."));
        });
    }

    [Test]
    public async Task Failed_WithThrownException_CarriesRunAttributesErrorAndStackTraceExcerpt()
    {
        await using var rig = await Rig(j => j.Environment = "staging");

        var run = rig.Jobs.StartRun("import", "r1", attempt: 3);
        run.SetAttribute("rows", 42);
        rig.Time.Advance(TimeSpan.FromSeconds(90));
        try
        {
            throw new InvalidOperationException("Disk full");
        }
        catch (InvalidOperationException ex)
        {
            run.Failed(ex);
        }

        var failed = rig.OfType(AlertEventTypes.JobFailed).Single();
        Assert.Multiple(() =>
        {
            Assert.That(failed.Severity, Is.EqualTo(AlertSeverity.Error));
            Assert.That(failed.Environment, Is.EqualTo("staging"));
            Assert.That(failed.DedupKey, Is.EqualTo("job.failed:import"));
            Assert.That(failed.Attributes["run_id"], Is.EqualTo("r1"));
            Assert.That(failed.Attributes["attempt"], Is.EqualTo(3));
            Assert.That(failed.Attributes["duration"], Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(failed.Attributes["rows"], Is.EqualTo(42));
            Assert.That(failed.Attributes["error_type"], Is.EqualTo("System.InvalidOperationException"));
            Assert.That(failed.Attributes["error_message"], Is.EqualTo("Disk full"));
            Assert.That(failed.Attributes["stack_trace"], Does.Contain(nameof(Failed_WithThrownException_CarriesRunAttributesErrorAndStackTraceExcerpt)));
            Assert.That(failed.Message, Is.EqualTo("Run r1 of import ended (failed) after 1m 30s: Disk full"));
        });
    }

    [Test]
    public async Task Succeeded_AfterAFailedRun_RaisesSucceededSoTheIncidentResolves()
    {
        await using var rig = await Rig(_ => { });

        rig.Jobs.StartRun("import").Succeeded();
        rig.Jobs.StartRun("import").Failed("Disk full");
        rig.Jobs.StartRun("import").Succeeded();
        rig.Jobs.StartRun("import").Succeeded();

        Assert.That(rig.Events.Select(e => e.Type), Is.EqualTo(new[] { AlertEventTypes.JobFailed, AlertEventTypes.JobSucceeded }));
    }

    [Test]
    public async Task Succeeded_NotifyOnSuccess_RaisesEveryTimeAndOnlyTheFirstOutcomeCounts()
    {
        await using var rig = await Rig(j => j.NotifyOnSuccess = true);

        var run = rig.Jobs.StartRun("import");
        run.Succeeded();
        run.Failed("too late");
        run.Heartbeat();
        run.Dispose();

        Assert.That(rig.Events.Select(e => (e.Type, e.Severity)), Is.EqualTo(new[] { (AlertEventTypes.JobSucceeded, AlertSeverity.Info) }));
    }

    [Test]
    public async Task StartRun_UnregisteredJob_ReportsItsOutcome()
    {
        await using var rig = await Rig(_ => { });

        rig.Jobs.StartRun("cleanup").Failed("No space left");

        Assert.That(rig.Events.Select(e => (e.Type, e.Source)), Is.EqualTo(new[] { (AlertEventTypes.JobFailed, "cleanup") }));
    }

    [Test]
    public async Task RunAsync_WorkCompletes_ReportsSuccess()
    {
        await using var rig = await Rig(j => j.NotifyOnSuccess = true);

        await rig.Jobs.RunAsync("import", _ => Task.CompletedTask);

        Assert.That(rig.Events.Select(e => e.Type), Is.EqualTo(new[] { AlertEventTypes.JobSucceeded }));
    }

    [Test]
    public async Task RunAsync_WorkThrows_ReportsFailureAndRethrows()
    {
        await using var rig = await Rig(_ => { });

        Assert.That(
            () => rig.Jobs.RunAsync("import", (run, _) => throw new TimeoutException("Upstream did not answer")),
            Throws.TypeOf<TimeoutException>());
        Assert.That(rig.Events.Single().Attributes["error_type"], Is.EqualTo("System.TimeoutException"));
    }

    [Test]
    public async Task RunAsync_Cancelled_ReportsAbandoned()
    {
        await using var rig = await Rig(_ => { });
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        Assert.That(
            () => rig.Jobs.RunAsync("import", ct => Task.FromCanceled(ct), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(rig.Events.Single().Attributes["outcome"], Is.EqualTo("abandoned"));
    }

    private static Task<MonitorRig> Rig(Action<MonitoredJobOptions> configure) => MonitorRig.StartAsync(a => a.AddJob("import", configure));
}
