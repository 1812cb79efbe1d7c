using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Templates;
using Alerting.Tests.Support;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public sealed class AlertingTesterTests
{
    private static readonly string[] s_jobAttributes = ["sample", "run_id", "attempt", "duration"];
    private static readonly string[] s_serviceAttributes = ["sample", "min_healthy", "healthy_count", "healthy_instances", "unhealthy_instances"];
    private static readonly string[] s_healthAttributes = ["sample", "health_status", "previous_health_status", "duration", "tags"];

    // What OutcomeRecorder gives a real delivery.failed event, so that fallback-rule templates preview with values.
    private static readonly string[] s_deliveryFailedAttributes = ["channel", "rule", "reason", "attempts", "event_id", "event_type", "event_source", "event_severity"];

    public static IEnumerable<TestCaseData> WellKnownTypes() =>
        AlertEventTypes.All.Select(t => new TestCaseData(t).SetArgDisplayNames(t));

    [Test]
    public async Task Validate_ValidConfiguration_ReturnsNoProblems()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.ForTypes("job.*").Notify("ops", x => x.Title = "{source}: {region}")));

        Assert.That(harness.Get<IAlertingTester>().Validate(), Is.Empty);
    }

    [Test]
    public async Task Validate_InvalidConfiguration_ReturnsEveryProblemWithoutThrowing()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .ConfigureChannel("ops", c => c.MaxConcurrency = 0)
            .AddRule("r", r => r.Notify("pager")));

        IReadOnlyList<string>? problems = null;
        Assert.That(() => problems = harness.Get<IAlertingTester>().Validate(), Throws.Nothing);

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Channel 'ops': MaxConcurrency must be at least 1 (was 0).",
            "Rule 'r' Actions[0]: Channel 'pager' is not configured (known: ops).",
        }));
    }

    [Test]
    public async Task PreviewAndSendTestAsync_InvalidConfiguration_ThrowAlertingConfigurationExceptionListingProblems()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops").Notify("pager")));
        string[] expected = ["Rule 'r' Actions[1]: Channel 'pager' is not configured (known: ops)."];

        var fromPreview = Assert.Throws<AlertingConfigurationException>(() => harness.Get<IAlertingTester>().Preview("r", Some.Event()));
        var fromSend = Assert.ThrowsAsync<AlertingConfigurationException>(() => harness.Get<IAlertingTester>().SendTestAsync("ops"));

        Assert.Multiple(() =>
        {
            Assert.That(fromPreview?.Errors, Is.EqualTo(expected));
            Assert.That(fromSend?.Errors, Is.EqualTo(expected));
        });
    }

    [TestCaseSource(nameof(WellKnownTypes))]
    public async Task CreateSampleEvent_WellKnownType_HasSensibleFieldsAndAttributes(string eventType)
    {
        await using var harness = AlertingHarness.Create(_ => { });

        var sample = harness.Get<IAlertingTester>().CreateSampleEvent(eventType);

        var expectedAttributes = eventType switch
        {
            AlertEventTypes.DeliveryFailed => s_deliveryFailedAttributes,
            _ when eventType.StartsWith("service.", StringComparison.Ordinal) => s_serviceAttributes,
            _ when eventType.StartsWith("health.", StringComparison.Ordinal) => s_healthAttributes,
            _ => s_jobAttributes,
        };
        var resolves = eventType is AlertEventTypes.JobSucceeded or AlertEventTypes.ServiceRecovered or AlertEventTypes.HealthRecovered;
        Assert.Multiple(() =>
        {
            Assert.That(sample.Type, Is.EqualTo(eventType));
            Assert.That(sample.Source, Is.Not.Empty);
            Assert.That(sample.Message, Is.Not.Empty);
            Assert.That(sample.Timestamp, Is.EqualTo(harness.Time.GetUtcNow()));
            Assert.That(sample.Status, Is.EqualTo(resolves ? AlertStatus.Resolved : AlertStatus.Firing));
            Assert.That(sample.Attributes.Keys, Is.SupersetOf(expectedAttributes));
            Assert.That(sample.Attributes.Values, Has.None.Null);
        });
    }

    [TestCase(AlertEventTypes.JobFailed, "billing-import", "billing-import")]
    [TestCase(AlertEventTypes.JobFailed, null, "sample-job")]
    [TestCase(AlertEventTypes.ServiceDegraded, null, "sample-service")]
    [TestCase("custom.backup_skipped", null, "sample-job")]
    public async Task CreateSampleEvent_Source_DefaultsByFamilyOrTakesTheGivenOne(string eventType, string? source, string expected)
    {
        await using var harness = AlertingHarness.Create(_ => { });

        var sample = harness.Get<IAlertingTester>().CreateSampleEvent(eventType, source);

        Assert.That((sample.Type, sample.Source), Is.EqualTo((eventType, expected)));
    }

    [Test]
    public async Task RenderTemplate_SampleEvent_ResolvesFieldsAndAttributes()
    {
        await using var harness = AlertingHarness.Create(_ => { });
        var tester = harness.Get<IAlertingTester>();

        var text = tester.RenderTemplate(
            "[{severity:upper}] {source} run {run_id} attempt {attributes.attempt}: {error_type} {{literal}}",
            tester.CreateSampleEvent(AlertEventTypes.JobFailed, "nightly-import"));

        Assert.That(text, Is.EqualTo("[ERROR] nightly-import run run-0042 attempt 1: System.Net.Sockets.SocketException {literal}"));
    }

    [TestCase(TemplateEscaping.None, "<p>Disk <full> & more</p>")]
    [TestCase(TemplateEscaping.Html, "<p>Disk &lt;full&gt; &amp; more</p>")]
    public async Task RenderTemplate_Escaping_AppliesToValuesOnly(TemplateEscaping escaping, string expected)
    {
        await using var harness = AlertingHarness.Create(_ => { });

        var text = harness.Get<IAlertingTester>().RenderTemplate("<p>{message}</p>", Some.Event(message: "Disk <full> & more"), escaping);

        Assert.That(text, Is.EqualTo(expected));
    }

    [Test]
    public async Task RenderTemplate_InvalidTemplate_ThrowsNamingThePosition()
    {
        await using var harness = AlertingHarness.Create(_ => { });

        Assert.That(
            () => harness.Get<IAlertingTester>().RenderTemplate("Job {source failed", Some.Event()),
            Throws.TypeOf<TemplateException>().With.Message.Contain("line 1, column 5"));
    }

    [TestCase("action: {source}", "channel: {source}", "action: nightly-import")]
    [TestCase(null, "channel: {source}", "channel: nightly-import")]
    public async Task Preview_TitleTemplate_ActionOverridesChannel(string? actionTitle, string channelTitle, string expected)
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .ConfigureChannel("ops", c => c.Title = channelTitle)
            .AddRule("r", r => r.Notify("ops", x => x.Title = actionTitle)));

        var preview = harness.Get<IAlertingTester>().Preview("r", Some.Event());

        Assert.That(preview.Title, Is.EqualTo(expected));
    }

    [Test]
    public async Task Preview_NoTemplates_UsesDefaultsForTheEventType()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops")));
        var e = Some.Event(type: AlertEventTypes.JobTimedOut);

        var preview = harness.Get<IAlertingTester>().Preview("r", e);

        Assert.Multiple(() =>
        {
            Assert.That(preview.Title, Is.EqualTo(DefaultTemplates.Title(AlertEventTypes.JobTimedOut).Render(e)));
            Assert.That(preview.Message, Is.EqualTo(DefaultTemplates.Message(AlertEventTypes.JobTimedOut).Render(e)));
            Assert.That(preview.Title, Does.Contain("nightly-import"));
        });
    }

    [Test]
    public async Task Preview_EachPartFallsBackOnItsOwn()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .ConfigureChannel("ops", c =>
            {
                c.Title = "channel title";
                c.Message = "channel message {message}";
                c.Body = "<b>{source}</b>";
            })
            .AddRule("r", r => r.Notify("ops", x =>
            {
                x.Title = "action title {rule} via {channel}";
                x.Subject = "action subject";
            })));

        var preview = harness.Get<IAlertingTester>().Preview("r", Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(preview.Title, Is.EqualTo("action title r via ops"));
            Assert.That(preview.Message, Is.EqualTo("channel message Disk full"));
            Assert.That(preview.Subject, Is.EqualTo("action subject"));
            Assert.That(preview.Body, Is.EqualTo("<b>nightly-import</b>"));
            Assert.That(preview.Payload, Is.Null);
        });
    }

    [Test]
    public async Task Preview_SeverityOverride_IsTheNotificationsSeverity()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops").Notify("ops", x => x.Severity = AlertSeverity.Critical)));
        var tester = harness.Get<IAlertingTester>();

        var plain = tester.Preview("r", Some.Event(severity: AlertSeverity.Warning), 0);
        var raised = tester.Preview("r", Some.Event(severity: AlertSeverity.Warning), 1);

        Assert.That((plain.Severity, raised.Severity), Is.EqualTo((AlertSeverity.Warning, AlertSeverity.Critical)));
    }

    [Test]
    public async Task Preview_SeverityOverride_IsTheSeverityTemplatesShow()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops", x =>
            {
                x.Severity = AlertSeverity.Critical;
                x.Title = "[{severity:upper}] {source}";
            })));
        var shown = Some.Event(source: "nightly-import", severity: AlertSeverity.Warning);

        var preview = harness.Get<IAlertingTester>().Preview("r", shown);

        Assert.Multiple(() =>
        {
            Assert.That(preview.Title, Is.EqualTo("[CRITICAL] nightly-import"));
            Assert.That(preview.Event, Is.SameAs(shown), "the notification carries the event as published");
        });
    }

    [Test]
    public async Task Preview_TitleLongerThanChannelAllows_IsCutWithMarker()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _, o => o.Capabilities = new NotifierCapabilities { MaxTitleLength = 20 })
            .AddRule("r", r => r.Notify("ops", x => x.Title = "Import {source} failed badly")));

        var preview = harness.Get<IAlertingTester>().Preview("r", Some.Event(source: "nightly-import"));

        Assert.That(preview.Title, Is.EqualTo("Import nightly-impo" + NotifierCapabilities.TruncationMarker));
    }

    [Test]
    public async Task Preview_IsExactlyWhatTheChannelGets_AndSendsNothing()
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out sink, o => o.Capabilities = new NotifierCapabilities
            {
                MaxTitleLength = 24,
                MaxMessageLength = 30,
                MessageEscaping = TemplateEscaping.SlackMrkdwn,
            })
            .ConfigureChannel("ops", c =>
            {
                c.Message = "{message} <{region}> on {environment}";
                c.Body = "<p>{message}</p>";
            })
            .AddRule("r", r => r.Notify("ops", x =>
            {
                x.Severity = AlertSeverity.Critical;
                x.Title = "[{severity:upper}] {source} in {region} ({rule}/{channel})";
            })));
        var e = Some.Event(message: "Disk <full> & more", environment: "production", attributes: new Dictionary<string, object?> { ["region"] = "eu" });
        var tester = harness.Get<IAlertingTester>();
        var history = harness.Get<INotificationHistory>();

        var preview = tester.Preview("r", e);
        var sentByPreview = (sink.Received.Count, history.GetRecent().Count);
        await harness.Publisher.PublishAndWaitAsync(e);

        var sent = sink.Received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(sentByPreview, Is.EqualTo((0, 0)));
            Assert.That(preview.Title, Has.Length.EqualTo(24).And.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(preview.Message, Does.Contain("&lt;").And.Length.LessThanOrEqualTo(30));
            Assert.That(
                (preview.ChannelName, preview.RuleName, preview.Kind, preview.Severity, preview.DedupKey, preview.Title, preview.Message, preview.Subject, preview.Body, preview.Payload),
                Is.EqualTo((sent.ChannelName, sent.RuleName, sent.Kind, sent.Severity, sent.DedupKey, sent.Title, sent.Message, sent.Subject, sent.Body, sent.Payload)));
        });
    }

    [TestCase(AlertStatus.Firing, NotificationKind.Trigger)]
    [TestCase(AlertStatus.Resolved, NotificationKind.Resolve)]
    public async Task Preview_EventStatus_DecidesTheKind(AlertStatus status, NotificationKind expected)
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops")));

        var preview = harness.Get<IAlertingTester>().Preview("r", Some.Event(status: status));

        Assert.That(preview.Kind, Is.EqualTo(expected));
    }

    [Test]
    public async Task Preview_WithoutEvent_UsesSampleOfTheRulesFirstType()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.ServiceDegraded, AlertEventTypes.JobFailed).Notify("ops", x => x.Title = "{source}: {healthy_count} of {min_healthy}")));

        var preview = harness.Get<IAlertingTester>().Preview("r");

        Assert.Multiple(() =>
        {
            Assert.That(preview.Event.Type, Is.EqualTo(AlertEventTypes.ServiceDegraded));
            Assert.That(preview.Title, Is.EqualTo("sample-service: 1 of 3"));
        });
    }

    [Test]
    public async Task Preview_ActionIndexCountsChannelActionsOnly()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRecording("chat", out _)
            .AddRule("r", r => r.Notify("ops").Call(_ => ValueTask.CompletedTask).Notify("chat")));

        var preview = harness.Get<IAlertingTester>().Preview("r", Some.Event(), 1);

        Assert.That(preview.ChannelName, Is.EqualTo("chat"));
    }

    [TestCase("unknown", 0, "unknown")]
    [TestCase("off", 0, "off")]
    [TestCase("r", 1, "index 1")]
    [TestCase("r", -1, "index -1")]
    public async Task Preview_NoSuchRuleOrAction_ThrowsArgumentException(string ruleName, int actionIndex, string mentioned)
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => r.Notify("ops"))
            .AddRule("off", r =>
            {
                r.Enabled = false;
                r.Notify("ops");
            }));

        Assert.That(
            () => harness.Get<IAlertingTester>().Preview(ruleName, Some.Event(), actionIndex),
            Throws.ArgumentException.With.Message.Contain(mentioned));
    }

    [Test]
    public async Task SendTestAsync_DeliversTestNotificationToTheChannel_WithoutAnyRule()
    {
        RecordingSink ops = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("chat", out chat));

        var outcome = await harness.Get<IAlertingTester>().SendTestAsync("ops");

        var sent = ops.Received.Single();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(outcome.ChannelName, Is.EqualTo("ops"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(sent.Kind, Is.EqualTo(NotificationKind.Test));
            Assert.That(sent.IsTest, Is.True);
            Assert.That(sent.ChannelName, Is.EqualTo("ops"));
            Assert.That(sent.Message, Does.Contain("ops"));
            Assert.That(chat.Received, Is.Empty);
        });
    }

    [Test]
    public async Task SendTestAsync_TestNotificationAndOutcome_NameNoRule()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a.AddRecording("ops", out ops));

        var outcome = await harness.Get<IAlertingTester>().SendTestAsync("ops");

        // Notification.RuleName and DeliveryOutcome.RuleName are documented as null for test sends.
        Assert.Multiple(() =>
        {
            Assert.That(ops.Received.Single().RuleName, Is.Null);
            Assert.That(outcome.RuleName, Is.Null);
        });
    }

    [Test]
    public async Task SendTestAsync_RecordsTheOutcomeInHistory()
    {
        await using var harness = AlertingHarness.Create(a => a.AddRecording("ops", out _));

        var outcome = await harness.Get<IAlertingTester>().SendTestAsync("ops");

        var history = harness.Get<INotificationHistory>();
        Assert.Multiple(() =>
        {
            Assert.That(history.GetRecent(), Is.EqualTo(new[] { outcome }));
            Assert.That(history.GetStatistics().ByChannel["ops"][DeliveryOutcomeStatus.Delivered], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task SendTestAsync_FailingChannel_ReportsProvidersReason()
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a => a.AddRecording("ops", out sink));
        sink.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized: token rejected"));

        var outcome = await harness.Get<IAlertingTester>().SendTestAsync("ops");

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("401 Unauthorized: token rejected"));
            Assert.That(harness.Get<INotificationHistory>().GetRecent().Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
        });
    }

    [Test]
    public async Task SendTestAsync_UnknownChannel_ThrowsNamingKnownChannels()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRecording("chat", out _));

        var ex = Assert.ThrowsAsync<ArgumentException>(() => harness.Get<IAlertingTester>().SendTestAsync("pager"));

        Assert.That(ex!.Message, Does.Contain("'pager'").And.Contain("ops").And.Contain("chat"));
    }
}
