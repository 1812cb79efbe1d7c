using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>
/// What every <see cref="IJobRunStore"/> must do: count a run started on any replica for a scheduled start, tell exactly
/// one caller of each event to raise, judge a run by the heartbeats its own replica sends, and finish it everywhere. Run
/// against the in-process store here, and (this file is linked into the integration tests) against the Redis store on a
/// real server, with replicas over their own connections.
/// </summary>
public abstract class JobRunStoreContractTests
{
    private static readonly DateTimeOffset s_ten = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_grace = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_heartbeatTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Stores that share one state, as the replicas of an app do; each test gets a fresh one.</summary>
    private protected abstract IReadOnlyList<IJobRunStore> CreateReplicas(int count);

    private static DateTimeOffset At(double seconds) => s_ten.AddSeconds(seconds);

    private static JobRunRecord Run(string runId, DateTimeOffset startedAt, DateTimeOffset? scheduledAt = null, string replica = "b") => new()
    {
        Job = "import",
        RunId = runId,
        Replica = replica,
        StartedAt = startedAt,
        ScheduledAt = scheduledAt,
        StartGracePeriod = s_grace,
        HeartbeatTimeout = s_heartbeatTimeout,
        MaxRunTime = TimeSpan.FromMinutes(10),
    };

    [Test]
    public async Task CheckStart_ARunOnAnotherReplicaAnsweredIt_IsMetForEveryReplica()
    {
        var (a, b, c) = Three();

        await b.StartAsync(Run("r1", At(60), scheduledAt: s_ten));
        var onA = await a.CheckStartAsync("IMPORT", s_ten, s_grace, At(300));
        var onC = await c.CheckStartAsync("import", s_ten, s_grace, At(301));

        Assert.That((onA, onC), Is.EqualTo((JobStartCheck.Met, JobStartCheck.Met)));
    }

    [Test]
    public async Task CheckStart_ARunThatAnsweredNoStartOfItsOwn_CountsWithinTheGracePeriodOnly()
    {
        var store = CreateReplicas(1)[0];

        await store.StartAsync(Run("early", At(-301)));
        var tooEarly = await store.CheckStartAsync("import", s_ten, s_grace, At(300));
        await store.StartAsync(Run("in-time", At(3600 - 300)));
        var inTime = await store.CheckStartAsync("import", s_ten.AddHours(1), s_grace, At(3600 + 300));
        await store.StartAsync(Run("at-the-deadline", At(7200 + 300)));
        var atTheDeadline = await store.CheckStartAsync("import", s_ten.AddHours(2), s_grace, At(7200 + 300));

        Assert.That(new[] { tooEarly, inTime, atTheDeadline }, Is.EqualTo(new[] { JobStartCheck.Missed, JobStartCheck.Met, JobStartCheck.Missed }));
    }

    [Test]
    public async Task CheckStart_NoRunAnywhere_ExactlyOneReplicaIsToldToRaiseIt()
    {
        var (a, b, c) = Three();

        var checks = await Task.WhenAll(
            a.CheckStartAsync("import", s_ten, s_grace, At(300)).AsTask(),
            b.CheckStartAsync("import", s_ten, s_grace, At(300)).AsTask(),
            c.CheckStartAsync("import", s_ten, s_grace, At(300)).AsTask());
        var next = await a.CheckStartAsync("import", s_ten.AddHours(1), s_grace, At(3900));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checks.Count(check => check == JobStartCheck.Missed), Is.EqualTo(1));
            Assert.That(checks.Count(check => check == JobStartCheck.AlreadyMissed), Is.EqualTo(2));
            Assert.That(next, Is.EqualTo(JobStartCheck.Missed), "each scheduled start is judged on its own");
        }
    }

    [Test]
    public async Task CheckStart_ReportedByASchedulerWithoutGrace_IgnoresRunsAndIsRaisedOncePerStart()
    {
        var (a, b, _) = Three();

        await a.StartAsync(Run("r1", s_ten, scheduledAt: s_ten));
        var first = await a.CheckStartAsync("import", s_ten, null, At(1));
        var again = await b.CheckStartAsync("import", s_ten, null, At(2));

        Assert.That((first, again), Is.EqualTo((JobStartCheck.Missed, JobStartCheck.AlreadyMissed)));
    }

    [Test]
    public async Task Start_AfterAMissedStart_TheNextRunOnAnyReplicaResolvesItOnce()
    {
        var (a, b, c) = Three();

        await a.CheckStartAsync("import", s_ten, s_grace, At(300));
        var late = await b.StartAsync(Run("late", At(1200)));
        var after = await c.StartAsync(Run("after", At(1300), replica: "c"));
        var checkedLate = await c.CheckStartAsync("import", s_ten, s_grace, At(1400));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(late.ResolvedMissedStart, Is.EqualTo(s_ten));
            Assert.That(after.ResolvedMissedStart, Is.Null);
            Assert.That(checkedLate, Is.EqualTo(JobStartCheck.Met), "the late run answered it, for a replica that judges it only now");
        }
    }

    [Test]
    public async Task ClaimDeadline_EachDeadlineOnceAcrossReplicas_AndNotBeforeItsTime()
    {
        var (a, b, c) = Three();

        await b.StartAsync(Run("r1", s_ten));
        var early = await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.TimedOut, At(599));
        var claims = await Task.WhenAll(
            a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.TimedOut, At(600)).AsTask(),
            b.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.TimedOut, At(600)).AsTask(),
            c.ClaimDeadlineAsync("IMPORT", "r1", JobRunDeadlines.TimedOut, At(601)).AsTask());
        var unknownRun = await a.ClaimDeadlineAsync("import", "nobody", JobRunDeadlines.TimedOut, At(600));
        var noSuchDeadline = await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.FinishLate, At(10_000));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(early, Is.False);
            Assert.That(claims.Count(claimed => claimed), Is.EqualTo(1));
            Assert.That(unknownRun, Is.False);
            Assert.That(noSuchDeadline, Is.False, "the run has no expected run time");
        }
    }

    [Test]
    public async Task Heartbeat_FromTheRunsReplica_KeepsTheRunAliveForEveryReplica_AndEndsTheSilenceRaised()
    {
        var (a, b, c) = Three();

        await b.StartAsync(Run("r1", s_ten));
        await b.HeartbeatAsync("import", "r1", At(20));
        await b.HeartbeatAsync("import", "r1", At(10)); // late, older: ignored
        var beforeTimeout = await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.HeartbeatMissed, At(49));
        var atTimeout = await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.HeartbeatMissed, At(50));
        var again = await c.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.HeartbeatMissed, At(55));
        var resumed = await b.HeartbeatAsync("import", "r1", At(70));
        var next = await b.HeartbeatAsync("import", "r1", At(80));
        var nextSilence = await c.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.HeartbeatMissed, At(110));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((beforeTimeout, atTimeout, again), Is.EqualTo((false, true, false)));
            Assert.That((resumed, next), Is.EqualTo((true, false)), "the heartbeat after the silence resolves it, once");
            Assert.That(nextSilence, Is.True, "a new silence is raised again");
        }
    }

    [Test]
    public async Task Finish_OnTheRunsReplica_IsFinishedEverywhere_WithTheDeadlinesOthersRaised()
    {
        var (a, b, _) = Three();

        await b.StartAsync(Run("r1", s_ten));
        await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.TimedOut, At(600));
        var finished = await b.FinishAsync("import", "r1", failed: true, At(700));
        var afterFinish = await a.ClaimDeadlineAsync("import", "r1", JobRunDeadlines.HeartbeatMissed, At(800));
        var overdue = await a.ClaimOverdueAsync(At(800), At(800), 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(finished, Is.EqualTo(new JobRunFinished(JobRunDeadlines.TimedOut, PreviousRunFailed: false)));
            Assert.That(afterFinish, Is.False);
            Assert.That(overdue, Is.Empty);
        }
    }

    [Test]
    public async Task Finish_PreviousRunFailed_IsToldWhicheverReplicaRanEither()
    {
        var (a, b, c) = Three();

        await a.StartAsync(Run("r1", At(0), replica: "a"));
        var failed = await a.FinishAsync("import", "r1", failed: true, At(10));
        await b.StartAsync(Run("r2", At(20)));
        var succeeded = await b.FinishAsync("import", "r2", failed: false, At(30));
        await c.StartAsync(Run("r3", At(40), replica: "c"));
        var succeededAgain = await c.FinishAsync("import", "r3", failed: false, At(50));

        Assert.That(
            new[] { failed.PreviousRunFailed, succeeded.PreviousRunFailed, succeededAgain.PreviousRunFailed },
            Is.EqualTo(new[] { false, true, false }));
    }

    [Test]
    public async Task ClaimOverdue_TheDeadlinesOfARunWhoseReplicaStopped_AreClaimedOnceWithTheRunAsRecorded()
    {
        var (a, b, c) = Three();

        await b.StartAsync(Run("r1", s_ten, scheduledAt: s_ten));
        await b.HeartbeatAsync("import", "r1", At(20));
        await b.StartAsync(Run("r2", At(40)));
        var notYet = await a.ClaimOverdueAsync(At(49), At(54), 10);
        var first = await a.ClaimOverdueAsync(At(55), At(60), 10);
        var second = await c.ClaimOverdueAsync(At(55), At(60), 10);
        var later = await c.ClaimOverdueAsync(At(600), At(605), 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(notYet, Is.Empty);
            Assert.That(first.Select(claim => (claim.Run.RunId, claim.Deadlines)), Is.EqualTo(new[] { ("r1", JobRunDeadlines.HeartbeatMissed) }));
            var run = first[0].Run;
            Assert.That((run.Job, run.Replica, run.StartedAt, run.ScheduledAt, run.LastHeartbeat), Is.EqualTo(("import", "b", s_ten, (DateTimeOffset?)s_ten, At(20))));
            Assert.That((run.HeartbeatTimeout, run.MaxRunTime, run.ExpectedRunTime), Is.EqualTo(((TimeSpan?)s_heartbeatTimeout, (TimeSpan?)TimeSpan.FromMinutes(10), (TimeSpan?)null)));
            Assert.That(second, Is.Empty, "claimed once");
            Assert.That(
                later.Select(claim => (claim.Run.RunId, claim.Deadlines)).OrderBy(claim => claim.RunId),
                Is.EqualTo(new[] { ("r1", JobRunDeadlines.TimedOut), ("r2", JobRunDeadlines.HeartbeatMissed) }), "r2's maximum run time is not due until 640 s");
        }
    }

    [Test]
    public async Task ClaimOverdue_ReturnsAtMostMax()
    {
        var store = CreateReplicas(1)[0];
        for (var i = 0; i < 5; i++)
        {
            await store.StartAsync(Run($"r{i}", s_ten));
        }

        var first = await store.ClaimOverdueAsync(At(40), At(40), 3);
        var rest = await store.ClaimOverdueAsync(At(40), At(40), 3);

        Assert.That((first.Count, rest.Count), Is.EqualTo((3, 2)));
    }

    private (IJobRunStore A, IJobRunStore B, IJobRunStore C) Three()
    {
        var replicas = CreateReplicas(3);
        return (replicas[0], replicas[1], replicas[2]);
    }
}
