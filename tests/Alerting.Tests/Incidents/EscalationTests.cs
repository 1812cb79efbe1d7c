using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class EscalationTests
{
    private RecordingSink _ops = null!;
    private RecordingSink _oncall = null!;
    private RecordingSink _manager = null!;

    [Test]
    public async Task Escalation_Unacknowledged_NotifiesLevelByLevelAndEveryNotifiedChannelGetsTheResolve()
    {
        var harness = CreateSut();
        await using (harness)
        {
            var failure = Some.Event();
            await harness.Publisher.PublishAndWaitAsync(failure);
            harness.Time.Advance(TimeSpan.FromMinutes(9));
            var beforeLevelOne = harness.Get<INotificationHistory>().GetRecent().Count;
            harness.Time.Advance(TimeSpan.FromMinutes(1));
            harness.Time.Advance(TimeSpan.FromMinutes(20));
            harness.Time.Advance(TimeSpan.FromHours(5));
            await harness.Publisher.PublishAndWaitAsync(failure.ToResolved());
            Assert.That(beforeLevelOne, Is.EqualTo(1), "nothing escalates before the first level's delay");
        }

        Assert.Multiple(() =>
        {
            Assert.That(_ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(_oncall.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(_manager.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(_oncall.Received[0].Message, Does.EndWith("Escalated to level 1 of 2: unacknowledged since 2026-11-22 09:00Z."));
            Assert.That(_manager.Received[0].Message, Does.Contain("Escalated to level 2 of 2"));
            Assert.That(_manager.Received[0].DedupKey, Is.EqualTo(_ops.Received[0].DedupKey));
        });
    }

    [Test]
    public async Task Escalation_AcknowledgedAfterFirstLevel_Stops()
    {
        var harness = CreateSut();
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event());
            harness.Time.Advance(TimeSpan.FromMinutes(10));
            var manager = harness.Get<IIncidentManager>();
            await manager.AcknowledgeAsync(manager.GetOpenIncidents().Single().Id, "ada");
            harness.Time.Advance(TimeSpan.FromHours(2));
        }

        Assert.Multiple(() =>
        {
            Assert.That(_oncall.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Acknowledge }));
            Assert.That(_manager.Received, Is.Empty);
        });
    }

    [Test]
    public async Task Escalation_ResolvedBeforeFirstLevel_NeverEscalates()
    {
        var harness = CreateSut();
        await using (harness)
        {
            var failure = Some.Event();
            await harness.Publisher.PublishAndWaitAsync(failure);
            await harness.Publisher.PublishAndWaitAsync(failure.ToResolved());
            harness.Time.Advance(TimeSpan.FromHours(2));
        }

        Assert.That((_oncall.Received.Count, _manager.Received.Count), Is.EqualTo((0, 0)));
    }

    [Test]
    public async Task Escalation_WithRepeat_RunsThePolicyAgainAndRecordsLevelsInHistory()
    {
        var harness = CreateSut(repeat: 1);
        IReadOnlyList<DeliveryOutcome> history;
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event());
            for (var i = 0; i < 12; i++)
            {
                harness.Time.Advance(TimeSpan.FromMinutes(10));
            }

            var recorded = harness.Get<INotificationHistory>();
            await harness.Provider.DisposeAsync();
            history = recorded.GetRecent();
        }

        Assert.Multiple(() =>
        {
            Assert.That(_oncall.Received, Has.Count.EqualTo(2));
            Assert.That(_manager.Received, Has.Count.EqualTo(2));
            Assert.That(history.Where(o => o.EscalationLevel is not null).Select(o => (o.ChannelName, o.EscalationLevel)), Is.EquivalentTo(new (string?, int?)[]
            {
                ("oncall", 1), ("manager", 2), ("oncall", 1), ("manager", 2),
            }));
        });
    }

    [TestCase("missing", "Rule 'r': Incidents.EscalationPolicy 'missing' is not defined (known: page).")]
    public async Task Validate_RuleNamingUnknownPolicy_IsReported(string policy, string message)
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddEscalationPolicy("page", p => p.Levels.Add(new EscalationLevelOptions { Channels = ["ops"] }))
            .AddRule("r", r => r.EscalateWith(policy).Notify("ops")));

        Assert.That(Failures(harness), Is.EqualTo(new[] { message }));
    }

    [Test]
    public async Task Validate_BrokenPolicy_ReportsEveryProblem()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddEscalationPolicy("empty", p => p.Repeat = -1)
            .AddEscalationPolicy("bad", p => p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(-1), Channels = ["pager"] }))
            .AddEscalationPolicy("silent", p => p.Levels.Add(new EscalationLevelOptions())));

        Assert.That(Failures(harness), Is.EqualTo(new[]
        {
            "Escalation policy 'empty': Levels is empty; add at least one level.",
            "Escalation policy 'empty': Repeat must not be negative (was -1).",
            "Escalation policy 'bad' Levels[0]: Delay must not be negative (was -00:01:00).",
            "Escalation policy 'bad' Levels[0]: Channel 'pager' is not configured (known: ops).",
            "Escalation policy 'silent' Levels[0]: Channels is empty; name at least one channel.",
        }));
    }

    private static IReadOnlyList<string> Failures(AlertingHarness harness) =>
        [.. Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value)!.Failures];

    private AlertingHarness CreateSut(int repeat = 0) => AlertingHarness.Create(a => a
        .AddRecording("ops", out _ops)
        .AddRecording("oncall", out _oncall)
        .AddRecording("manager", out _manager)
        .AddEscalationPolicy("page", p =>
        {
            p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(10), Channels = ["oncall"] });
            p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(20), Channels = ["manager"] });
            p.Repeat = repeat;
        })
        .AddRule("failures", r => r.EscalateWith("page").Notify("ops")));
}
