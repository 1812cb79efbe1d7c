using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Notifiers;
using Alerting.Templates;
using Alerting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Testing;

/// <summary>
/// Alerting.Testing from an app's point of view: its channels replaced by recording ones, its clock moved timer by timer,
/// and waits that end when Alerting is done, never by sleeping.
/// </summary>
[TestFixture]
public sealed class AlertingTestHarnessTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task RecordAllChannels_ChannelsFromConfigurationWithoutSecrets_RecordWhatTheirRulesRender()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Alerting:Channels:ops-slack:Type"] = "slack", // no WebhookUrl: a test needs no secret
            ["Alerting:Rules:failures:EventTypes:0"] = "job.failed",
            ["Alerting:Rules:failures:Actions:0:Channel"] = "ops-slack",
            ["Alerting:Rules:failures:Actions:0:Title"] = "{source} failed in {region}",
        }).Build();
        var services = new ServiceCollection();
        services.AddAlerting(configuration.GetSection("Alerting"));
        services.AddAlertingTesting(t => t.RecordAllChannels());
        await using var app = services.BuildServiceProvider();
        var harness = app.GetRequiredService<AlertingTestHarness>();

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Failure("import", new Dictionary<string, object?> { ["region"] = "eu" }));
        await harness.WaitForIdleAsync();

        var sent = harness.Channel("ops-slack").Single(NotificationKind.Trigger);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Title, Is.EqualTo("import failed in eu"));
            Assert.That(sent.Rule, Is.EqualTo("failures"));
            Assert.That(sent.IsDelivered, Is.True);
            Assert.That(harness.Recorder.ChannelNames, Is.EqualTo(new[] { "ops-slack" }));
        }
    }

    [Test]
    public async Task RecordChannels_Named_OnlyThoseRecordAndTheOthersKeepTheirType()
    {
        await using var app = App(a => a.AddConsole("console").AddWebhook("hook").AddRule("r", r => r.Notify("hook")), t => t.RecordChannels("HOOK"));

        var channels = app.GetRequiredService<IOptions<AlertingOptions>>().Value.Channels;

        Assert.That((channels["console"].Type, app.GetRequiredService<NotificationRecorder>().ChannelNames.Single()), Is.EqualTo(("console", "hook")));
    }

    [Test]
    public async Task RecordChannels_NameThatIsNoChannel_FailsValidationNamingTheAppsChannels()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.Notify("ops")), t => t.RecordChannels("ops-slak"));

        var thrown = Assert.Throws<OptionsValidationException>(() => _ = app.GetRequiredService<IOptions<AlertingOptions>>().Value);

        Assert.That(thrown!.Failures, Has.Member("Alerting.Testing: channel 'ops-slak' is named to record, but the app has no such channel (its channels: ops)."));
    }

    [Test]
    public async Task RecorderChannel_NameThatDoesNotRecord_ThrowsListingTheRecordingChannels()
    {
        await using var app = App(a => a.AddConsole("ops").AddConsole("audit").AddRule("r", r => r.Notify("ops")), t => t.RecordChannels("ops"));

        Assert.That(
            () => app.GetRequiredService<AlertingTestHarness>().Channel("audit"),
            Throws.ArgumentException.With.Message.StartsWith("No recording channel is named 'audit'. Recording: ops."));
    }

    [Test]
    public async Task AdvanceAsync_TwoHours_StopsAtEachTimerSoEveryEscalationLevelAndTheTimeoutComeAtTheirOwnTime()
    {
        await using var app = App(a => a
            .AddConsole("ops").AddConsole("oncall").AddConsole("manager")
            .AddJob("import", j => j.MaxRunTime = TimeSpan.FromMinutes(90))
            .AddEscalationPolicy("page", p =>
            {
                p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromHours(1), Channels = ["oncall"] });
                p.Levels.Add(new EscalationLevelOptions { Delay = TimeSpan.FromMinutes(30), Channels = ["manager"] });
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).EscalateWith("page").Notify("ops"))
            .AddRule("timeouts", r => r.ForTypes(AlertEventTypes.JobTimedOut).WithoutIncidents().Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        var monitor = app.GetRequiredService<IJobMonitor>();

        monitor.StartRun("nightly").Failed(new IOException("Disk full"));
        using var overrunning = monitor.StartRun("import");
        await harness.AdvanceAsync(TimeSpan.FromHours(2));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(harness.Channel("oncall").SingleEscalation(1).RecordedAt, Is.EqualTo(s_start.AddHours(1)));
            Assert.That(harness.Channel("manager").SingleEscalation(2).RecordedAt, Is.EqualTo(s_start.AddMinutes(90)), "the second level counts from the first, which the clock stopped at");
            Assert.That(harness.Channel("ops").OfKind(NotificationKind.Trigger).Select(n => (n.Event.Type, n.RecordedAt)), Is.EqualTo(new[]
            {
                (AlertEventTypes.JobFailed, s_start),
                (AlertEventTypes.JobTimedOut, s_start.AddMinutes(90)),
            }));
            Assert.That(harness.Clock.GetUtcNow(), Is.EqualTo(s_start.AddHours(2)));
        }
    }

    [Test]
    public async Task WaitForIdleAsync_ChannelFailingTransientlyTwice_MovesTheClockOnlyAsFarAsTheRetriesWait()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.WithoutIncidents().Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        harness.Channel("ops").FailTransiently(times: 2);

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Failure());
        await harness.WaitForIdleAsync();

        var sent = harness.Channel("ops").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Answers.Select(a => a.Status), Is.EqualTo(new[] { DeliveryStatus.TransientFailure, DeliveryStatus.TransientFailure, DeliveryStatus.Delivered }));
            Assert.That(sent.IsDelivered, Is.True);
            Assert.That(harness.Clock.GetUtcNow() - s_start, Is.InRange(TimeSpan.FromSeconds(0.6), TimeSpan.FromSeconds(0.9)), "0.25 s then 0.5 s, ±20 % jitter");
            Assert.That(harness.BackgroundWork.IsIdle, Is.True);
        }
    }

    [Test]
    public async Task FailWithRetryAfter_Once_RetriedAfterTheWaitTheProviderAskedFor()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.WithoutIncidents().Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        harness.Channel("ops").FailWithRetryAfter(TimeSpan.FromSeconds(20));

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Failure());
        await harness.WaitForIdleAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(harness.Channel("ops").Single().Attempts, Is.EqualTo(2));
            Assert.That(harness.Clock.GetUtcNow() - s_start, Is.InRange(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(22)), "the wait asked for, with up to 10 % added");
        }
    }

    [Test]
    public async Task FailPermanently_FallbackRuleOnDeliveryFailed_GetsTheFailureNamingTheChannel()
    {
        await using var app = App(a => a
            .AddConsole("ops").AddConsole("fallback")
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops"))
            .AddRule("undelivered", r => r.ForTypes(AlertEventTypes.DeliveryFailed).Notify("fallback", n => n.Title = "{failed_channel}: {reason}")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        harness.Channel("ops").FailPermanently(reason: "invalid_token");

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Failure());
        await harness.WaitForIdleAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(harness.Channel("ops").Single().Attempts, Is.EqualTo(1), "a permanent failure is not retried");
            Assert.That(harness.Channel("fallback").Single().Title, Is.EqualTo("ops: invalid_token"));
        }
    }

    [Test]
    public async Task FailTransiently_UntilReset_FailsEveryAttemptUntilResetThenDelivers()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        var ops = harness.Channel("ops").FailTransiently(times: RecordedChannel.UntilReset);
        var publisher = app.GetRequiredService<IAlertPublisher>();

        await publisher.PublishAsync(Failure());
        await harness.WaitForIdleAsync();
        ops.Reset();
        await publisher.PublishAsync(Failure());
        await harness.WaitForIdleAsync();

        Assert.That(ops.Notifications.Select(n => (n.Attempts, n.IsDelivered)), Is.EqualTo(new[] { (4, false), (1, true) }), "the channel's default 4 attempts, all failed");
    }

    [Test]
    public async Task Single_TwoOfTheKind_ThrowsSayingWhatTheChannelWasHanded()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.WithoutIncidents().Notify("ops", n => n.Title = "{source} failed")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        var publisher = app.GetRequiredService<IAlertPublisher>();

        await publisher.PublishAsync(Failure("a"));
        await publisher.PublishAsync(Failure("b"));
        await harness.WaitForIdleAsync();

        Assert.That(
            () => harness.Channel("ops").Single(NotificationKind.Trigger),
            Throws.TypeOf<AlertingAssertionException>().With.Message.EqualTo(
                $"Expected channel 'ops' to be sent one Trigger notification, but it was sent 2. It was handed 2:{Environment.NewLine}" +
                $"  - ops: Trigger from rule r, attempts 1: \"a failed\"{Environment.NewLine}" +
                "  - ops: Trigger from rule r, attempts 1: \"b failed\""));
    }

    [Test]
    public async Task IsRepeat_SameIncidentFiringAfterTheRepeatInterval_MarksTheSecondTriggerARepeat()
    {
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.RepeatEvery(TimeSpan.FromHours(1)).Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        var publisher = app.GetRequiredService<IAlertPublisher>();

        await publisher.PublishAsync(Failure());
        await harness.AdvanceAsync(TimeSpan.FromHours(1));
        await publisher.PublishAsync(Failure());
        await harness.WaitForIdleAsync();

        Assert.That(harness.Channel("ops").Notifications.Select(n => n.IsRepeat), Is.EqualTo(new[] { false, true }));
    }

    [Test]
    public async Task RecordChannel_WithSlacksCapabilities_RecordsTheMessageEscapedAsSlackWouldGetIt()
    {
        await using var app = App(
            a => a.AddConsole("ops-slack").AddRule("r", r => r.WithoutIncidents().Notify("ops-slack", n => n.Message = "{message}")),
            t => t.RecordChannel("ops-slack", new NotifierCapabilities { MessageEscaping = TemplateEscaping.SlackMrkdwn }));
        var harness = app.GetRequiredService<AlertingTestHarness>();

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(new AlertEvent(AlertEventTypes.JobFailed, "import", AlertSeverity.Error, "<!channel> & co"));
        await harness.WaitForIdleAsync();

        Assert.That(harness.Channel("ops-slack").Single().Message, Is.EqualTo("&lt;!channel&gt; &amp; co"));
    }

    [Test]
    public async Task UseTimeProvider_GivenClock_RunsTheAppOnIt()
    {
        var clock = new FakeTimeProvider(s_start.AddDays(3));
        await using var app = App(a => a.AddConsole("ops").AddRule("r", r => r.Notify("ops")), t => t.RecordAllChannels().UseTimeProvider(clock));

        Assert.That(
            (app.GetRequiredService<AlertingTestHarness>().Clock, app.GetRequiredService<FakeTimeProvider>(), app.GetRequiredService<TimeProvider>().GetUtcNow()),
            Is.EqualTo((clock, clock, s_start.AddDays(3))));
    }

    [Test]
    public async Task DisposeAsync_RetryWaitingOnTheFakeClock_StopsWithoutHangingAndTheDrainMakesTheRetries()
    {
        var app = App(a => a.AddConsole("ops").AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops")));
        var harness = app.GetRequiredService<AlertingTestHarness>();
        var ops = harness.Channel("ops").FailTransiently(times: RecordedChannel.UntilReset);

        await app.GetRequiredService<IAlertPublisher>().PublishAsync(Failure());
        await harness.BackgroundWork.WaitForSettledAsync();
        var waitingBeforeTheStop = harness.BackgroundWork.WaitingForTime;
        await app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((waitingBeforeTheStop, ops.Single().Attempts), Is.EqualTo((1, 4)), "the drain waits the retries on the moving clock, within its 30 s");
    }

    [Test]
    public void AddAlertingTesting_CalledTwice_Throws()
    {
        var services = new ServiceCollection().AddAlertingTesting();

        Assert.That(() => services.AddAlertingTesting(), Throws.InvalidOperationException.With.Message.EqualTo("AddAlertingTesting was already called on these services."));
    }

    private static ServiceProvider App(Action<AlertingBuilder> alerting, Action<AlertingTestingBuilder>? testing = null)
    {
        var services = new ServiceCollection();
        services.AddAlerting(alerting);
        services.AddAlertingTesting(t =>
        {
            t.UseTimeProvider(new FakeTimeProvider(s_start));
            (testing ?? (all => all.RecordAllChannels()))(t);
        });
        return services.BuildServiceProvider();
    }

    private static AlertEvent Failure(string source = "import", IReadOnlyDictionary<string, object?>? attributes = null) =>
        new(AlertEventTypes.JobFailed, source, AlertSeverity.Error, "Disk full") { Attributes = attributes ?? new Dictionary<string, object?>() };
}
