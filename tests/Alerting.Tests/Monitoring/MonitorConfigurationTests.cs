using Alerting.Monitoring;
using Alerting.Notifiers;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Monitoring;

/// <summary>Jobs and services from <c>Alerting:Jobs</c> and <c>Alerting:Services</c>, their validation, and their events through dispatch.</summary>
[TestFixture]
public sealed class MonitorConfigurationTests
{
    private static readonly (string Name, Action<AlertingBuilder> Break, string Message)[] s_problems =
    [
        ("CronOutOfRange", a => a.AddJob("import", j => j.Schedule = "0 61 * * * *"), "Job 'import': Schedule '0 61 * * * *' is not a valid cron expression: "),
        ("CronTooFewFields", a => a.AddJob("import", j => j.Schedule = "every day"), "Job 'import': Schedule 'every day' is not a valid cron expression: "),
        ("UnknownTimeZone", a => a.AddJob("import", j => (j.Schedule, j.TimeZone) = ("0 2 * * *", "Mars/Olympus_Mons")), "Job 'import': TimeZone 'Mars/Olympus_Mons' is not a time zone this machine knows: "),
        ("ScheduleAndInterval", a => a.AddJob("import", j => (j.Schedule, j.Interval) = ("0 2 * * *", TimeSpan.FromHours(1))), "Job 'import': set either Schedule or Interval, not both."),
        ("TimeZoneWithoutSchedule", a => a.AddJob("import", j => j.TimeZone = "Europe/Berlin"), "Job 'import': TimeZone is set but Schedule is not."),
        ("ZeroInterval", a => a.AddJob("import", j => j.Interval = TimeSpan.Zero), "Job 'import': Interval must be positive (was 00:00:00)."),
        ("NegativeGrace", a => a.AddJob("import", j => j.StartGracePeriod = TimeSpan.FromSeconds(-1)), "Job 'import': StartGracePeriod must not be negative (was -00:00:01)."),
        ("ZeroMaxRunTime", a => a.AddJob("import", j => j.MaxRunTime = TimeSpan.Zero), "Job 'import': MaxRunTime must be positive (was 00:00:00)."),
        ("ZeroHeartbeatTimeout", a => a.AddJob("import", j => j.HeartbeatTimeout = TimeSpan.Zero), "Job 'import': HeartbeatTimeout must be positive (was 00:00:00)."),
        ("ZeroMinimumHealthy", a => a.AddService("api", s => s.MinimumHealthyInstances = 0), "Service 'api': MinimumHealthyInstances must be at least 1 (was 0)."),
        ("ZeroInstanceTimeout", a => a.AddService("api", s => s.InstanceHeartbeatTimeout = TimeSpan.Zero), "Service 'api': InstanceHeartbeatTimeout must be positive (was 00:00:00)."),
    ];

    private static IEnumerable<TestCaseData> Problems() =>
        s_problems.Select(p => new TestCaseData(p.Break, p.Message).SetName($"Validate_{p.Name}_ReportsJobOrServiceAndField"));

    [TestCaseSource(nameof(Problems))]
    public async Task Validate_BrokenRegistration_ReportsJobOrServiceAndField(Action<AlertingBuilder> breakIt, string message)
    {
        await using var harness = AlertingHarness.Create(a => breakIt(a.AddConsole("ops")));

        var failure = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(failure!.Failures, Has.One.StartsWith(message));
    }

    [Test]
    public async Task Validate_InvalidCron_ListedWithTheOtherProblemsAndFailsTheMonitorsFirstUse()
    {
        await using var harness = AlertingHarness.Create(a => a
            .Configure(o => o.QueueCapacity = 0)
            .AddJob("import", j => j.Schedule = "0 0 31 2 *x"));

        var failure = Assert.Throws<OptionsValidationException>(() => harness.Get<IJobMonitor>().StartRun("import"));

        Assert.That(failure!.Failures, Has.Exactly(2).Items.And.Some.StartsWith("Job 'import': Schedule '0 0 31 2 *x' is not a valid cron expression: "));
    }

    [Test]
    public async Task AddAlerting_JobsAndServicesFromConfiguration_AreMonitored()
    {
        var section = JsonConfiguration.AlertingSection("""
            {
              "Alerting": {
                "Jobs": {
                  "nightly-import": { "Schedule": "0 30 10 * * *", "TimeZone": "Europe/Berlin", "StartGracePeriod": "00:02:00", "Environment": "production" }
                },
                "Services": {
                  "api": { "MinimumHealthyInstances": 2, "InstanceHeartbeatTimeout": "00:00:45" }
                }
              }
            }
            """);
        var published = new RecordingPublisher();
        await using var harness = AlertingHarness.Create(_ => { }, services =>
        {
            services.AddAlerting(section);
            services.AddSingleton<IAlertPublisher>(published);
        });
        var options = harness.Get<IOptions<AlertingOptions>>().Value;

        harness.Get<IServiceMonitor>().ReportHealthy("api", "api-1");
        harness.Time.Advance(TimeSpan.FromMinutes(33));
        var recorded = published.Events.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(options.Jobs["NIGHTLY-IMPORT"].StartGracePeriod, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.Services["api"].MinimumHealthyInstances, Is.EqualTo(2));
            Assert.That(recorded.Select(e => (e.Type, e.Source)), Is.EqualTo(new[]
            {
                (AlertEventTypes.ServiceDegraded, "api"),
                (AlertEventTypes.JobStartMissed, "nightly-import"),
            }));
            Assert.That(recorded[1].Environment, Is.EqualTo("production"));
            Assert.That(recorded[1].Attributes["schedule"], Is.EqualTo("0 30 10 * * * (Europe/Berlin)"));
        });
    }

    [Test]
    public async Task HeartbeatMissed_ThroughDispatch_OpensAnIncidentTheNextHeartbeatResolves()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.MaxConcurrency = 1)
            .AddRule("job-problems", r => r.ForTypes("job.*").Notify("ops"))
            .AddJob("import", j => j.HeartbeatTimeout = TimeSpan.FromMinutes(1)));
        await using (harness)
        {
            using var run = harness.Get<IJobMonitor>().StartRun("import", "r1");
            harness.Time.Advance(TimeSpan.FromMinutes(2));
            run.Heartbeat();
            run.Succeeded();
            await harness.Publisher.PublishAndWaitAsync(Some.Problem(type: "flush"));
        }

        Assert.That(
            ops.Received.Select(n => (n.Kind, n.DedupKey)),
            Is.EqualTo(new[] { (NotificationKind.Trigger, "job.heartbeat_missed:import:r1"), (NotificationKind.Resolve, "job.heartbeat_missed:import:r1") }));
    }
}
