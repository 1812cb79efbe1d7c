using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Testing;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Incidents;

/// <summary>
/// Escalation policies, driven through Alerting.Testing as an app's own tests would: recording channels, and a fake clock
/// that stops at each timer on the way, so each level is seen at its own time.
/// </summary>
[TestFixture]
public sealed class EscalationTests
{
    private static readonly DateTimeOffset s_opened = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Escalation_Unacknowledged_NotifiesLevelByLevelAndEveryNotifiedChannelGetsTheResolve()
    {
        await using var app = CreateSut();
        var alerting = app.GetRequiredService<AlertingTestHarness>();
        var publisher = app.GetRequiredService<IAlertPublisher>();
        var failure = Some.Event();

        await publisher.PublishAsync(failure);
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(9));
        var beforeLevelOne = alerting.Recorder.All.Count;
        await alerting.AdvanceAsync(TimeSpan.FromHours(5));
        await publisher.PublishAsync(failure.ToResolved());
        await alerting.WaitForIdleAsync();

        var (ops, oncall, manager) = (alerting.Channel("ops"), alerting.Channel("oncall"), alerting.Channel("manager"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(beforeLevelOne, Is.EqualTo(1), "nothing escalates before the first level's delay");
            Assert.That(ops.Notifications.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(oncall.Notifications.Select(n => (n.Kind, n.EscalationLevel)), Is.EqualTo(new (NotificationKind, int?)[] { (NotificationKind.Trigger, 1), (NotificationKind.Resolve, null) }));
            Assert.That(manager.Notifications.Select(n => (n.Kind, n.EscalationLevel)), Is.EqualTo(new (NotificationKind, int?)[] { (NotificationKind.Trigger, 2), (NotificationKind.Resolve, null) }));
            Assert.That(oncall.SingleEscalation(1).RecordedAt, Is.EqualTo(s_opened.AddMinutes(10)));
            Assert.That(manager.SingleEscalation(2).RecordedAt, Is.EqualTo(s_opened.AddMinutes(30)), "the second level counts from the first");
            Assert.That(oncall.SingleEscalation(1).Message, Does.EndWith("Escalated to level 1 of 2: unacknowledged since 2026-11-22 09:00Z."));
            Assert.That(manager.SingleEscalation(2).Message, Does.Contain("Escalated to level 2 of 2"));
            Assert.That(manager.SingleEscalation(2).DedupKey, Is.EqualTo(ops.Single(NotificationKind.Trigger).DedupKey));
        }
    }

    [Test]
    public async Task Escalation_AcknowledgedAfterFirstLevel_Stops()
    {
        await using var app = CreateSut();
        var alerting = app.GetRequiredService<AlertingTestHarness>();

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Some.Event());
        await alerting.AdvanceAsync(TimeSpan.FromMinutes(10));
        var manager = app.GetRequiredService<IIncidentManager>();
        await manager.AcknowledgeAsync(manager.GetOpenIncidents().Single().Id, "ada");
        await alerting.AdvanceAsync(TimeSpan.FromHours(2));

        Assert.That(alerting.Channel("oncall").Notifications.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Acknowledge }));
        alerting.Channel("manager").AssertNothingSent();
    }

    [Test]
    public async Task Escalation_ResolvedBeforeFirstLevel_NeverEscalates()
    {
        await using var app = CreateSut();
        var alerting = app.GetRequiredService<AlertingTestHarness>();
        var publisher = app.GetRequiredService<IAlertPublisher>();
        var failure = Some.Event();

        await publisher.PublishAsync(failure);
        await publisher.PublishAsync(failure.ToResolved());
        await alerting.AdvanceAsync(TimeSpan.FromHours(2));

        alerting.Channel("oncall").AssertNothingSent();
        alerting.Channel("manager").AssertNothingSent();
    }

    [Test]
    public async Task Escalation_WithRepeat_RunsThePolicyAgainAndRecordsLevelsInHistory()
    {
        await using var app = CreateSut(repeat: 1);
        var alerting = app.GetRequiredService<AlertingTestHarness>();

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Some.Event());
        await alerting.AdvanceAsync(TimeSpan.FromHours(2));
        var history = app.GetRequiredService<INotificationHistory>().GetRecent();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(alerting.Channel("oncall").Notifications.Select(n => n.RecordedAt), Is.EqualTo(new[] { s_opened.AddMinutes(10), s_opened.AddMinutes(40) }), "the second round starts after the last level");
            Assert.That(alerting.Channel("manager").Notifications, Has.Count.EqualTo(2));
            Assert.That(history.Where(o => o.EscalationLevel is not null).Select(o => (o.ChannelName, o.EscalationLevel)), Is.EquivalentTo(new (string?, int?)[]
            {
                ("oncall", 1), ("manager", 2), ("oncall", 1), ("manager", 2),
            }));
        }
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

    private static ServiceProvider CreateSut(int repeat = 0)
    {
        var services = new ServiceCollection();
        services.AddAlerting(a => a
            .AddConsole("ops")
            .AddConsole("oncall")
            .AddConsole("manager")
            .AddEscalationPolicy("page", p =>
            {
                p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(10), Channels = ["oncall"] });
                p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(20), Channels = ["manager"] });
                p.Repeat = repeat;
            })
            .AddRule("failures", r => r.EscalateWith("page").Notify("ops")));
        services.AddAlertingTesting(t => t.RecordAllChannels().UseTimeProvider(new FakeTimeProvider(s_opened)));
        return services.BuildServiceProvider();
    }
}
