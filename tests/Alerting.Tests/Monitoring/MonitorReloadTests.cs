using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>Issue 16: monitored jobs and services follow a configuration change the reloader applied.</summary>
[TestFixture]
public sealed class MonitorReloadTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(10);

    /// <summary>Applies the jobs and services <paramref name="change"/> sets, as the reloader does once a change is valid.</summary>
    private static void Apply(MonitorRig rig, Action<MonitoringSettings> change)
    {
        var settings = new MonitoringSettings();
        change(settings);
        rig.Get<IMonitorConfiguration>().Apply(settings);
    }

    [Test]
    public async Task Apply_JobScheduleChanged_TheNextStartIsExpectedByTheNewSchedule()
    {
        await using var rig = await MonitorRig.StartAsync(a => a.AddJob("import", j => (j.Schedule, j.StartGracePeriod) = ("0 2 * * *", Grace)));

        Apply(rig, o => o.Jobs["import"] = new MonitoredJobOptions { Schedule = "0 10 * * *", StartGracePeriod = Grace });
        rig.AdvanceInSteps(TimeSpan.FromMinutes(75), TimeSpan.FromMinutes(5));

        var missed = rig.OfType(AlertEventTypes.JobStartMissed);
        Assert.That(missed.Select(e => (e.Source, e.Attributes["scheduled_at"])), Is.EqualTo(new[] { ("import", (object?)new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)) }));
    }

    [Test]
    public async Task Apply_JobNoLongerConfigured_NoStartIsExpectedAndItCanStillRun()
    {
        await using var rig = await MonitorRig.StartAsync(a => a.AddJob("import", j => (j.Schedule, j.StartGracePeriod) = ("0 10 * * *", Grace)));

        Apply(rig, _ => { });
        rig.AdvanceInSteps(TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(5));
        rig.Jobs.StartRun("import").Failed(new InvalidOperationException("boom"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rig.OfType(AlertEventTypes.JobStartMissed), Is.Empty);
            Assert.That(rig.OfType(AlertEventTypes.JobFailed), Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task Apply_NewJob_IsMonitoredFromNow()
    {
        await using var rig = await MonitorRig.StartAsync(_ => { });

        Apply(rig, o => o.Jobs["report"] = new MonitoredJobOptions { Schedule = "30 9 * * *", StartGracePeriod = Grace });
        rig.AdvanceInSteps(TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(5));

        Assert.That(rig.OfType(AlertEventTypes.JobStartMissed).Select(e => e.Source), Is.EqualTo(new[] { "report" }));
    }

    [Test]
    public async Task Apply_ServiceMinimumRaised_JudgedAgainAtOnce()
    {
        var timeout = TimeSpan.FromMinutes(2);
        await using var rig = await MonitorRig.StartAsync(a => a.AddService("api", s => (s.MinimumHealthyInstances, s.InstanceHeartbeatTimeout) = (1, timeout)));
        rig.Services.ReportHealthy("api", "pod-1");
        rig.Time.Advance(timeout / 2);
        rig.Services.ReportHealthy("api", "pod-1");
        rig.Time.Advance(timeout / 2); // the first check: healthy

        Apply(rig, o => o.Services["api"] = new MonitoredServiceOptions { MinimumHealthyInstances = 2, InstanceHeartbeatTimeout = timeout });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(rig.OfType(AlertEventTypes.ServiceDegraded).Select(e => e.Source), Is.EqualTo(new[] { "api" }));
            Assert.That(rig.OfType(AlertEventTypes.ServiceRecovered), Is.Empty, "healthy until the minimum changed");
        }
    }
}
