using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.Dispatch;

/// <summary>A channel, or one action of a rule, that takes no resolve notifications: the trigger goes out, the resolve is recorded as skipped.</summary>
[TestFixture]
public sealed class SendResolvedTests
{
    private static AlertEvent Failure(AlertStatus status = AlertStatus.Firing) =>
        new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full") { Status = status };

    [Test]
    public async Task ChannelWithSendResolvedOff_GetsTheTriggerNotTheResolve()
    {
        RecordingSink pager = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("pager", out pager)
            .ConfigureChannel("pager", c => c.SendResolved = false)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager")));

        await harness.Publisher.PublishAndWaitAsync(Failure());
        var resolve = await harness.Publisher.PublishAndWaitAsync(Failure(AlertStatus.Resolved));

        var outcome = resolve.Outcomes.Single();
        Assert.Multiple(() =>
        {
            Assert.That(pager.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger }));
            Assert.That((outcome.Status, outcome.ReasonTag), Is.EqualTo((DeliveryOutcomeStatus.Skipped, DeliveryReasonTags.ResolveDisabled)));
            Assert.That(outcome.Reason, Is.EqualTo("Rule failures's action on channel pager does not send resolve notifications (SendResolved is off)."));
        });
    }

    [Test]
    public async Task ActionWithSendResolvedOff_SkipsItsResolveWhileTheRulesOtherActionSendsIt()
    {
        RecordingSink pager = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("pager", out pager)
            .AddRecording("chat", out chat)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed)
                .Notify("pager", action => action.SendResolved = false)
                .Notify("chat")));

        await harness.Publisher.PublishAndWaitAsync(Failure());
        await harness.Publisher.PublishAndWaitAsync(Failure(AlertStatus.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(pager.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger }));
            Assert.That(chat.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        });
    }

    [Test]
    public async Task ActionWithSendResolvedOn_OverridesAChannelThatHasItOff()
    {
        RecordingSink pager = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("pager", out pager)
            .ConfigureChannel("pager", c => c.SendResolved = false)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("pager", action => action.SendResolved = true)));

        await harness.Publisher.PublishAndWaitAsync(Failure());
        await harness.Publisher.PublishAndWaitAsync(Failure(AlertStatus.Resolved));

        Assert.That(pager.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
    }

    [Test]
    public async Task SendResolvedFromConfiguration_ForAChannelAndAnAction()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerting:Channels:pager:SendResolved"] = "false",
            ["Alerting:Rules:failures:Types:0"] = AlertEventTypes.JobFailed,
            ["Alerting:Rules:failures:Actions:0:Channel"] = "pager",
            ["Alerting:Rules:failures:Actions:1:Channel"] = "chat",
            ["Alerting:Rules:failures:Actions:1:SendResolved"] = "false",
        }).Build();
        RecordingSink pager = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(
            a => a.AddRecording("pager", out pager).AddRecording("chat", out chat),
            services => services.AddSingleton<IConfiguration>(configuration).AddAlerting(configuration.GetSection("Alerting")));

        await harness.Publisher.PublishAndWaitAsync(Failure());
        var resolve = await harness.Publisher.PublishAndWaitAsync(Failure(AlertStatus.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(pager.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger }));
            Assert.That(chat.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger }));
            Assert.That(resolve.Outcomes.Select(o => o.ReasonTag), Is.All.EqualTo(DeliveryReasonTags.ResolveDisabled));
        });
    }
}
