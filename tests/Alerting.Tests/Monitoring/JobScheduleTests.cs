using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>Scheduled starts: <c>job.start_missed</c> after the grace period, its resolve by a late run, and cron across daylight-saving changes.</summary>
[TestFixture]
public sealed class JobScheduleTests
{
    private static readonly DateTimeOffset s_ten = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task StartMissed_NoRunWithinGracePeriod_FiresOnceAtTheDeadline()
    {
        await using var rig = await DailyAtTen();

        rig.Time.Advance(TimeSpan.FromMinutes(64) + TimeSpan.FromSeconds(59));
        var beforeDeadline = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        rig.Time.Advance(TimeSpan.FromHours(1));

        var missed = rig.OfType(AlertEventTypes.JobStartMissed);
        Assert.Multiple(() =>
        {
            Assert.That(beforeDeadline, Is.Zero);
            Assert.That(missed, Has.Count.EqualTo(1));
            Assert.That(missed[0].Status, Is.EqualTo(AlertStatus.Firing));
            Assert.That(missed[0].DedupKey, Is.EqualTo("job.start_missed:import"));
            Assert.That(missed[0].Timestamp, Is.EqualTo(s_ten.AddMinutes(5)));
            Assert.That(missed[0].Attributes["scheduled_at"], Is.EqualTo(s_ten));
            Assert.That(missed[0].Attributes["grace_period"], Is.EqualTo(TimeSpan.FromMinutes(5)));
            Assert.That(missed[0].Message, Is.EqualTo("import did not start within 5m of its scheduled time 2026-11-22 10:00:00Z."));
        });
    }

    [TestCase(-5)]
    [TestCase(0)]
    [TestCase(4)]
    public async Task StartRun_WithinGracePeriodOfScheduledStart_AnswersItAndNothingIsMissed(int minutesFromTen)
    {
        await using var rig = await DailyAtTen();

        rig.Time.Advance(TimeSpan.FromMinutes(60 + minutesFromTen));
        using var run = rig.Jobs.StartRun("import");
        run.Succeeded();
        rig.Time.Advance(TimeSpan.FromHours(2));

        Assert.Multiple(() =>
        {
            Assert.That(run.ScheduledAt, Is.EqualTo(s_ten));
            Assert.That(rig.Events, Is.Empty);
        });
    }

    [Test]
    public async Task StartRun_LongBeforeScheduledStart_DoesNotAnswerIt()
    {
        await using var rig = await DailyAtTen();

        rig.Time.Advance(TimeSpan.FromMinutes(30));
        using (var early = rig.Jobs.StartRun("import"))
        {
            early.Succeeded();
            Assert.That(early.ScheduledAt, Is.Null);
        }

        rig.Time.Advance(TimeSpan.FromMinutes(40));

        Assert.That(rig.OfType(AlertEventTypes.JobStartMissed), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StartRun_AfterStartWasMissed_ResolvesItWithHowLate()
    {
        await using var rig = await DailyAtTen();

        rig.Time.Advance(TimeSpan.FromMinutes(80));
        using var run = rig.Jobs.StartRun("import", "run-7");

        var missed = rig.OfType(AlertEventTypes.JobStartMissed);
        Assert.Multiple(() =>
        {
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }));
            Assert.That(missed[1].DedupKey, Is.EqualTo(missed[0].DedupKey));
            Assert.That(missed[1].Attributes["late_by"], Is.EqualTo(TimeSpan.FromMinutes(20)));
            Assert.That(missed[1].Attributes["run_id"], Is.EqualTo("run-7"));
            Assert.That(missed[1].Message, Is.EqualTo("import started at 2026-11-22 10:20:00Z, 20m after its scheduled time 2026-11-22 10:00:00Z."));
            Assert.That(run.ScheduledAt, Is.EqualTo(s_ten));
        });
    }

    [Test]
    public async Task StartMissed_JobStaysDown_FiresForEachScheduledStartUntilARunStarts()
    {
        await using var rig = await DailyAtTen();

        rig.AdvanceInSteps(TimeSpan.FromDays(3), TimeSpan.FromHours(1));

        Assert.That(
            rig.OfType(AlertEventTypes.JobStartMissed).Select(e => e.Attributes["scheduled_at"]),
            Is.EqualTo(new object[] { s_ten, s_ten.AddDays(1), s_ten.AddDays(2) }));
    }

    [Test]
    public async Task StartMissed_FixedInterval_ExpectsAStartEveryIntervalAfterTheLastExpectedOne()
    {
        await using var rig = await MonitorRig.StartAsync(a => a.AddJob("sync", j =>
        {
            j.Interval = TimeSpan.FromMinutes(15);
            j.StartGracePeriod = TimeSpan.FromMinutes(1);
        }));
        var nine = rig.Time.GetUtcNow();

        rig.Time.Advance(TimeSpan.FromMinutes(14));
        rig.Jobs.StartRun("sync").Succeeded();
        rig.AdvanceInSteps(TimeSpan.FromMinutes(33), TimeSpan.FromMinutes(1));

        var missed = rig.OfType(AlertEventTypes.JobStartMissed);
        Assert.Multiple(() =>
        {
            Assert.That(missed.Select(e => e.Attributes["scheduled_at"]), Is.EqualTo(new object[] { nine.AddMinutes(30), nine.AddMinutes(45) }));
            Assert.That(missed[0].Attributes["schedule"], Is.EqualTo("every 15m"));
        });
    }

    /// <summary>
    /// 02:30 every day in Berlin, never run. Spring forward (28 March 2027, 02:00 CET becomes 03:00 CEST): 02:30 does
    /// not exist and Cronos moves it to 03:00 CEST. Fall back (31 October 2027, 03:00 CEST becomes 02:00 CET): 02:30
    /// happens twice and Cronos takes the first.
    /// </summary>
    [TestCase("2027-03-26T12:00:00Z", "2027-03-27T01:30:00Z", "2027-03-28T01:00:00Z", "2027-03-29T00:30:00Z", TestName = "StartMissed_CronInBerlinAcrossSpringForward_MovesToThreeOClock")]
    [TestCase("2027-10-29T12:00:00Z", "2027-10-30T00:30:00Z", "2027-10-31T00:30:00Z", "2027-11-01T01:30:00Z", TestName = "StartMissed_CronInBerlinAcrossFallBack_ExpectsTheRepeatedHourOnce")]
    public async Task StartMissed_CronInNamedTimeZoneAcrossDaylightSavingChange_FollowsLocalTime(string start, string first, string second, string third)
    {
        await using var rig = await MonitorRig.StartAsync(
            a => a.AddJob("report", j =>
            {
                j.Schedule = "0 30 2 * * *";
                j.TimeZone = "Europe/Berlin";
                j.StartGracePeriod = TimeSpan.FromMinutes(10);
            }),
            DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));

        rig.AdvanceInSteps(TimeSpan.FromDays(3), TimeSpan.FromMinutes(1));

        var expected = new[] { first, second, third }.Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture));
        var scheduled = rig.OfType(AlertEventTypes.JobStartMissed).Select(e => (DateTimeOffset)e.Attributes["scheduled_at"]!);
        Assert.That(scheduled, Is.EqualTo(expected));
    }

    [Test]
    public async Task ReportStartMissed_UnregisteredJob_FiresOnceWithTheReasonAndTheNextRunResolvesIt()
    {
        await using var rig = await MonitorRig.StartAsync(_ => { });

        rig.Jobs.ReportStartMissed("quartz.reports", s_ten, "Quartz misfire");
        rig.Jobs.ReportStartMissed("Quartz.Reports", s_ten, "Quartz misfire");
        rig.Time.Advance(TimeSpan.FromMinutes(1));
        rig.Jobs.StartRun("quartz.reports").Succeeded();

        var missed = rig.OfType(AlertEventTypes.JobStartMissed);
        Assert.Multiple(() =>
        {
            Assert.That(missed.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Resolved }), "once per start, then resolved");
            Assert.That(missed[0].Attributes["reason"], Is.EqualTo("Quartz misfire"));
            Assert.That(missed[0].Attributes["schedule"], Is.EqualTo("the host's scheduler"));
            Assert.That(missed[0].Message, Is.EqualTo("quartz.reports missed its scheduled start 2026-11-22 10:00:00Z: Quartz misfire"));
            Assert.That(missed[1].Attributes["late_by"], Is.EqualTo(rig.Time.GetUtcNow() - s_ten));
        });
    }

    [Test]
    public async Task ReportStartMissed_StartTheScheduleExpected_ReplacesTheMonitorsOwnDeadline()
    {
        await using var rig = await DailyAtTen();

        rig.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        rig.Jobs.ReportStartMissed("import", s_ten, "misfire");
        rig.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.That(rig.OfType(AlertEventTypes.JobStartMissed), Has.Count.EqualTo(1));
    }

    private static Task<MonitorRig> DailyAtTen() => MonitorRig.StartAsync(a => a.AddJob("import", j =>
    {
        j.Schedule = "0 0 10 * * *";
        j.StartGracePeriod = TimeSpan.FromMinutes(5);
    }));
}
