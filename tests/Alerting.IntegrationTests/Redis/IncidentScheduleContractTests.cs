using Alerting.Incidents;
using Alerting.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// What every <see cref="IIncidentSchedule"/> must do, the in-process one and a shared one alike: a step is claimed
/// once when it is due, whoever races for it; a step scheduled again moves; a resolve step keeps its event. A schedule
/// written for another database runs this same contract.
/// </summary>
public abstract class IncidentScheduleContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Several schedules over the same steps, as several replicas have (for the in-process one: the same one).</summary>
    private protected abstract IReadOnlyList<IIncidentSchedule> CreateReplicas(int count);

    private IIncidentSchedule CreateSchedule() => CreateReplicas(1)[0];

    private static IncidentStep Escalation(string incident, int level = 0) => new(IncidentStepKind.Escalate, incident, "failures", level);

    [Test]
    public async Task ClaimDue_BeforeTheStepIsDue_ClaimsNothingAndSaysWhenItIs()
    {
        var schedule = CreateSchedule();
        await schedule.ScheduleAsync(Escalation("i1"), s_start.AddMinutes(5));

        var early = await schedule.ClaimDueAsync(s_start.AddMinutes(4), 10);
        var due = await schedule.ClaimDueAsync(s_start.AddMinutes(5), 10);
        await schedule.CompleteAsync(due.Steps[0]);
        var after = await schedule.ClaimDueAsync(s_start.AddMinutes(6), 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(early.Steps, Is.Empty);
            Assert.That(early.NextDueAt, Is.EqualTo(s_start.AddMinutes(5)));
            Assert.That(due.Steps.Select(c => c.Step), Is.EqualTo(new[] { Escalation("i1") }));
            Assert.That((after.Steps.Count, after.NextDueAt), Is.EqualTo((0, (DateTimeOffset?)null)), "claimed once, and gone once completed");
        }
    }

    [Test]
    public async Task ClaimDue_ManySteps_ClaimsAtMostMaxAndTheRestNextTime()
    {
        var schedule = CreateSchedule();
        for (var i = 0; i < 5; i++)
        {
            await schedule.ScheduleAsync(Escalation($"i{i}"), s_start.AddSeconds(i));
        }

        var first = await schedule.ClaimDueAsync(s_start.AddMinutes(1), 3);
        var second = await schedule.ClaimDueAsync(s_start.AddMinutes(1), 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Steps.Select(c => c.Step.IncidentId), Is.EqualTo(new[] { "i0", "i1", "i2" }), "in due order");
            Assert.That(second.Steps.Select(c => c.Step.IncidentId), Is.EqualTo(new[] { "i3", "i4" }));
        }
    }

    [Test]
    public async Task Schedule_TheSameStepAgain_MovesItInsteadOfRunningItTwice()
    {
        var schedule = CreateSchedule();
        var resolve = new IncidentStep(IncidentStepKind.FinishResolve, "i1", "failures");
        await schedule.ScheduleAsync(resolve, s_start.AddMinutes(1));
        await schedule.ScheduleAsync(resolve, s_start.AddMinutes(3));

        var atFirstTime = await schedule.ClaimDueAsync(s_start.AddMinutes(2), 10);
        var atSecondTime = await schedule.ClaimDueAsync(s_start.AddMinutes(3), 10);

        Assert.That((atFirstTime.Steps.Count, atSecondTime.Steps.Count), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task ClaimDue_AResolveStep_KeepsItsEvent()
    {
        var schedule = CreateSchedule();
        var resolving = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, "Back to normal\r\n<b>ok</b> ✓")
        {
            Status = AlertStatus.Resolved,
            Timestamp = s_start,
            Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1" },
        };
        await schedule.ScheduleAsync(new IncidentStep(IncidentStepKind.FinishResolve, "i1", "failures", ResolveEvent: resolving), s_start);

        var claimed = (await schedule.ClaimDueAsync(s_start, 10)).Steps.Single().Step;
        var e = claimed.ResolveEvent!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That((claimed.Kind, claimed.IncidentId, claimed.RuleName), Is.EqualTo((IncidentStepKind.FinishResolve, "i1", "failures")));
            Assert.That((e.Type, e.Source, e.Message, e.Status, e.Timestamp), Is.EqualTo((AlertEventTypes.JobFailed, "nightly-import", "Back to normal\r\n<b>ok</b> ✓", AlertStatus.Resolved, s_start)));
            Assert.That(e.Attributes["region"], Is.EqualTo("eu-west-1"));
        }
    }

    [Test]
    public async Task ClaimDue_ReplicasRacingForTheSameSteps_EachStepClaimedByExactlyOne()
    {
        var replicas = CreateReplicas(3);
        const int Steps = 60;
        for (var i = 0; i < Steps; i++)
        {
            await replicas[i % replicas.Count].ScheduleAsync(Escalation($"race-{i}"), s_start);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
            await replicas[i % replicas.Count].ClaimDueAsync(s_start, 4))));
        var claimed = claims.SelectMany(c => c.Steps).Select(c => c.Step.IncidentId).ToList();

        Assert.That(claimed, Is.EquivalentTo(Enumerable.Range(0, Steps).Select(i => $"race-{i}")), "every step once, none twice");
    }
}

[TestFixture]
public sealed class InMemoryIncidentScheduleContractTests : IncidentScheduleContractTests
{
    private protected override IReadOnlyList<IIncidentSchedule> CreateReplicas(int count) => [.. Enumerable.Repeat(new InMemoryIncidentSchedule(), count)];
}

/// <summary>The contract against a real Redis-protocol server, each replica with its own connection; and the claim leases.</summary>
[TestFixture]
public sealed class RedisIncidentScheduleContractTests : IncidentScheduleContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IReadOnlyList<IIncidentSchedule> CreateReplicas(int count) =>
        _replicas.Create<IIncidentSchedule>(count, (connection, options) => new RedisIncidentSchedule(connection, options));

    [Test]
    public async Task ClaimedButNotCompleted_AnotherReplicaClaimsItOnceTheLeaseRunsOut()
    {
        var replicas = _replicas.Create(2, (connection, options) =>
        {
            options.TakeoverLease = TimeSpan.FromSeconds(30);
            return new RedisIncidentSchedule(connection, options);
        });
        var step = new IncidentStep(IncidentStepKind.Escalate, "i1", "failures", 1);
        await replicas[0].ScheduleAsync(step, s_start);
        var first = await replicas[0].ClaimDueAsync(s_start, 10); // replica A claims it, then dies before completing

        var duringLease = await replicas[1].ClaimDueAsync(s_start.AddSeconds(29), 10);
        var afterLease = await replicas[1].ClaimDueAsync(s_start.AddSeconds(30), 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Steps.Select(c => c.Step), Is.EqualTo(new[] { step }));
            Assert.That(duringLease.Steps, Is.Empty);
            Assert.That(duringLease.NextDueAt, Is.EqualTo(s_start.AddSeconds(30)), "a held lease is when to look again");
            Assert.That(afterLease.Steps.Select(c => c.Step), Is.EqualTo(new[] { step }), "taken over by replica B");
        }
    }

    [Test]
    public async Task Complete_AfterTheLeaseWasTakenOver_LeavesTheNewClaimInPlace()
    {
        var replicas = _replicas.Create(2, (connection, options) =>
        {
            options.TakeoverLease = TimeSpan.FromSeconds(30);
            return new RedisIncidentSchedule(connection, options);
        });
        await replicas[0].ScheduleAsync(new IncidentStep(IncidentStepKind.Escalate, "i1", "failures"), s_start);
        var slow = (await replicas[0].ClaimDueAsync(s_start, 10)).Steps.Single();
        var takenOver = (await replicas[1].ClaimDueAsync(s_start.AddSeconds(31), 10)).Steps.Single();

        await replicas[0].CompleteAsync(slow); // the slow replica finishes late: B's claim stands
        var whileBHoldsIt = await replicas[0].ClaimDueAsync(s_start.AddSeconds(40), 10);
        await replicas[1].CompleteAsync(takenOver);
        var afterB = await replicas[0].ClaimDueAsync(s_start.AddMinutes(5), 10);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileBHoldsIt.Steps, Is.Empty);
            Assert.That(whileBHoldsIt.NextDueAt, Is.EqualTo(s_start.AddSeconds(61)));
            Assert.That((afterB.Steps.Count, afterB.NextDueAt), Is.EqualTo((0, (DateTimeOffset?)null)), "completed: gone");
        }
    }
}
