using Alerting.Rules;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.DependencyInjection;

/// <summary>
/// Every problem the configuration compiler reports, each starting from a valid configuration (channel <c>ops</c>,
/// rule <c>r</c> sending <c>job.failed</c> to it) broken in one way.
/// </summary>
[TestFixture]
public sealed class ValidationTests
{
    private static readonly (string Name, Action<AlertingBuilder> Break, string Message)[] s_exactProblems =
    [
        ("QueueCapacity", a => a.Configure(o => o.QueueCapacity = 0), "Alerting: QueueCapacity must be at least 1 (was 0)."),
        ("DrainTimeout", a => a.Configure(o => o.DrainTimeout = TimeSpan.FromSeconds(-1)), "Alerting: DrainTimeout must not be negative (was -00:00:01)."),
        ("HistoryCapacity", a => a.Configure(o => o.HistoryCapacity = 0), "Alerting: HistoryCapacity must be at least 1 (was 0)."),
        ("QueueFullMode", a => a.Configure(o => o.QueueFullMode = (QueueFullMode)7), "Alerting: QueueFullMode '7' is not one of Wait, DropOldest, Reject."),
        ("ChannelMaxConcurrency", a => a.ConfigureChannel("ops", c => c.MaxConcurrency = 0), "Channel 'ops': MaxConcurrency must be at least 1 (was 0)."),
        ("ChannelQueueCapacity", a => a.ConfigureChannel("ops", c => c.QueueCapacity = -5), "Channel 'ops': QueueCapacity must be at least 1 (was -5)."),
        ("ChannelTimeout", a => a.ConfigureChannel("ops", c => c.Timeout = TimeSpan.Zero), "Channel 'ops': Timeout must be positive (was 00:00:00)."),
        ("RetryMaxAttempts", a => a.ConfigureChannel("ops", c => c.Retry.MaxAttempts = 0), "Channel 'ops': Retry.MaxAttempts must be at least 1 (was 0)."),
        (
            "RetryBaseDelayAboveMaxDelay",
            a => a.ConfigureChannel("ops", c => c.Retry = new DeliveryRetryOptions { BaseDelay = TimeSpan.FromMinutes(2), MaxDelay = TimeSpan.FromMinutes(1) }),
            "Channel 'ops': Retry delays must satisfy 0 <= BaseDelay <= MaxDelay (were 00:02:00 and 00:01:00)."
        ),
        (
            "RetryNegativeBaseDelay",
            a => a.ConfigureChannel("ops", c => c.Retry.BaseDelay = TimeSpan.FromSeconds(-1)),
            "Channel 'ops': Retry delays must satisfy 0 <= BaseDelay <= MaxDelay (were -00:00:01 and 00:00:30)."
        ),
        ("ChannelEmptyEnvironment", a => a.ConfigureChannel("ops", c => c.Environments.Add(" ")), "Channel 'ops': Environments[0] is empty."),
        ("ChannelWithoutType", a => a.ConfigureChannel("spare", _ => { }), "Channel 'spare': Type is required (one of: console, email, job-run, pagerduty, recording, slack, teams, twilio, webhook)."),
        (
            "ChannelUnknownType",
            a => a.ConfigureChannel("spare", c => c.Type = "discord"),
            "Channel 'spare': Type 'discord' is not a registered notifier type (known: console, email, job-run, pagerduty, recording, slack, teams, twilio, webhook). Register custom types with AddNotifier or AddNotifierType."
        ),
        (
            "ChannelStrictUnknownAttribute",
            a => a.Configure(o => o.StrictTemplates = true).ConfigureChannel("ops", c => c.Message = "{message} in {region}"),
            "Channel 'ops': Message template names unknown attribute 'region' at line 1, column 14 (strict templates; add it to KnownAttributes)."
        ),
        ("RuleEmptyEventType", a => a.AddRule("r", r => r.ForTypes("")), "Rule 'r': EventTypes[1] is empty; remove it or give a name or pattern."),
        ("RuleEmptySourcePattern", a => a.AddRule("r", r => r.FromSources("nightly-*", " ")), "Rule 'r': Sources[1] is empty; remove it or give a name or pattern."),
        ("RuleEmptyEnvironment", a => a.AddRule("r", r => r.InEnvironments("")), "Rule 'r': Environments[0] is empty; remove it or give a name or pattern."),
        ("RuleAttributeWithoutName", a => a.AddRule("r", r => r.Attributes.Add(new AttributeCondition { Value = "eu" })), "Rule 'r': Attributes[0].Name is required."),
        ("RuleThresholdCount", a => a.AddRule("r", r => r.Threshold = new RuleThresholdOptions { Count = 0 }), "Rule 'r': Threshold.Count must be at least 1 (was 0)."),
        ("RuleThresholdWindow", a => a.AddRule("r", r => r.AfterCount(3, TimeSpan.Zero)), "Rule 'r': Threshold.Window must be positive (was 00:00:00)."),
        ("RuleMinimumSeverity", a => a.AddRule("r", r => r.MinimumSeverity = (AlertSeverity)9), "Rule 'r': MinimumSeverity '9' is not one of Info, Warning, Error, Critical."),
        ("RuleWithoutActions", a => a.AddRule("r", r => r.Actions.Clear()), "Rule 'r': Actions is empty; add at least one action (a channel to notify or a callback)."),
        (
            "ActionChannelAndCallback",
            a => a.AddRule("r", r => r.Actions[0].Callback = _ => ValueTask.CompletedTask),
            "Rule 'r' Actions[0]: set either Channel or Callback, not both."
        ),
        ("ActionWithoutChannel", a => a.AddRule("r", r => r.Actions.Add(new RuleActionOptions())), "Rule 'r' Actions[1]: Channel is required."),
        (
            "ActionUnknownChannel",
            a => a.AddRecording("chat", out _).AddRule("r", r => r.Notify("pager")),
            "Rule 'r' Actions[1]: Channel 'pager' is not configured (known: chat, ops)."
        ),
        (
            "ActionChannelWhenNoneConfigured",
            a => a.Configure(o => o.Channels.Clear()),
            "Rule 'r' Actions[0]: Channel 'ops' is not configured (none are configured)."
        ),
        ("ActionSeverity", a => a.AddRule("r", r => r.Actions[0].Severity = (AlertSeverity)9), "Rule 'r' Actions[0]: Severity '9' is not one of Info, Warning, Error, Critical."),
        (
            "ActionStrictUnknownAttribute",
            a => a.Configure(o => o.StrictTemplates = true).AddRule("r", r => r.Actions[0].Title = "Job {source}\n  in {region}"),
            "Rule 'r' Actions[0]: Title template names unknown attribute 'region' at line 2, column 6 (strict templates; add it to KnownAttributes)."
        ),
        (
            "ActionStrictUnknownDottedAttribute",
            a => a.Configure(o => o.StrictTemplates = true).AddRule("r", r => r.Actions[0].Subject = "{attributes.zone}"),
            "Rule 'r' Actions[0]: Subject template names unknown attribute 'zone' at line 1, column 1 (strict templates; add it to KnownAttributes)."
        ),
    ];

    private static readonly (string Name, Action<AlertingBuilder> Break, string Start, string Detail)[] s_positionedProblems =
    [
        ("ChannelTitleTemplate", a => a.ConfigureChannel("ops", c => c.Title = "Job {source failed"), "Channel 'ops': Title template is invalid: ", "line 1, column 5"),
        ("ChannelPayloadTemplate", a => a.ConfigureChannel("ops", c => c.Payload = "{\"text\": }"), "Channel 'ops': Payload template is invalid: ", "line 1, column "),
        ("ActionMessageTemplate", a => a.AddRule("r", r => r.Actions[0].Message = "Job {source}\nfailed {oops"), "Rule 'r' Actions[0]: Message template is invalid: ", "line 2, column 8"),
        ("ActionBodyTemplate", a => a.AddRule("r", r => r.Actions[0].Body = "<p>}</p>"), "Rule 'r' Actions[0]: Body template is invalid: ", "line 1, column 4"),
        (
            "RuleInvalidRegex",
            a => a.AddRule("r", r => r.Attributes.Add(new AttributeCondition { Name = "region", Pattern = "(eu" })),
            "Rule 'r': Attributes[0].Pattern '(eu' is not a valid regular expression: ",
            "(eu"
        ),
    ];

    public static IEnumerable<TestCaseData> ExactProblems() =>
        s_exactProblems.Select(p => new TestCaseData(p.Break, p.Message).SetArgDisplayNames(p.Name));

    public static IEnumerable<TestCaseData> PositionedProblems() =>
        s_positionedProblems.Select(p => new TestCaseData(p.Break, p.Start, p.Detail).SetArgDisplayNames(p.Name));

    [Test]
    public async Task Validate_ValidConfiguration_ResolvesOptions()
    {
        await using var harness = AlertingHarness.Create(Valid);

        Assert.That(harness.Get<IOptions<AlertingOptions>>().Value.Rules.Keys, Is.EqualTo(new[] { "r" }));
    }

    [TestCaseSource(nameof(ExactProblems))]
    public async Task Validate_OneProblem_ReportsExactlyItsMessage(Action<AlertingBuilder> breakIt, string message)
    {
        await using var harness = AlertingHarness.Create(a =>
        {
            Valid(a);
            breakIt(a);
        });

        var failures = Failures(harness);

        Assert.That(failures, Is.EqualTo(new[] { message }));
    }

    [TestCaseSource(nameof(PositionedProblems))]
    public async Task Validate_InvalidTemplateOrPattern_ReportsWhereAndPosition(Action<AlertingBuilder> breakIt, string start, string detail)
    {
        await using var harness = AlertingHarness.Create(a =>
        {
            Valid(a);
            breakIt(a);
        });

        var failures = Failures(harness);

        Assert.That(failures, Has.Count.EqualTo(1));
        Assert.That(failures[0], Does.StartWith(start).And.Contain(detail));
    }

    [Test]
    public async Task Validate_StrictTemplates_AllowEventFieldsContextValuesAndKnownAttributes()
    {
        await using var harness = AlertingHarness.Create(a => a
            .Configure(o =>
            {
                o.StrictTemplates = true;
                o.KnownAttributes.Add("region");
            })
            .AddRecording("ops", out _)
            .ConfigureChannel("ops", c => c.Message = "{message} at {timestamp:HH:mm} in {attributes.region}")
            .AddRule("r", r => r.Notify("ops", x => x.Title = "[{severity:upper}] {source} {region} via {rule} to {channel}")));

        Assert.That(() => harness.Get<IOptions<AlertingOptions>>().Value, Throws.Nothing);
    }

    [Test]
    public async Task Validate_DisabledRule_IsStillValidated()
    {
        await using var harness = AlertingHarness.Create(a =>
        {
            Valid(a);
            a.AddRule("off", r =>
            {
                r.Enabled = false;
                r.Notify("pager");
            });
        });

        Assert.That(Failures(harness), Is.EqualTo(new[] { "Rule 'off' Actions[0]: Channel 'pager' is not configured (known: ops)." }));
    }

    [Test]
    public async Task Validate_SeveralProblems_ReportedTogetherInOneException()
    {
        await using var harness = AlertingHarness.Create(a =>
        {
            Valid(a);
            a.Configure(o => o.QueueCapacity = 0)
                .ConfigureChannel("ops", c => c.Timeout = TimeSpan.Zero)
                .AddRule("r", r => r.Notify("pager"))
                .AddRule("empty", _ => { });
        });

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        string[] expected =
        [
            "Alerting: QueueCapacity must be at least 1 (was 0).",
            "Channel 'ops': Timeout must be positive (was 00:00:00).",
            "Rule 'r' Actions[1]: Channel 'pager' is not configured (known: ops).",
            "Rule 'empty': Actions is empty; add at least one action (a channel to notify or a callback).",
        ];
        Assert.Multiple(() =>
        {
            Assert.That(ex!.Failures, Is.EqualTo(expected));
            foreach (var failure in expected)
            {
                Assert.That(ex.Message, Does.Contain(failure));
            }
        });
    }

    [Test]
    public async Task Validate_InvalidConfiguration_PublisherIsNotUsable()
    {
        await using var harness = AlertingHarness.Create(a =>
        {
            Valid(a);
            a.AddRule("r", r => r.Notify("pager"));
        });

        Assert.That(
            () => harness.Publisher.PublishAsync(Some.Event()).AsTask(),
            Throws.InstanceOf<Exception>().With.Message.Contain("Channel 'pager' is not configured"));
    }

    [Test]
    public async Task Host_InvalidConfiguration_FailsAtStartAsync()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAlerting(a => a
            .Configure(o => o.HistoryCapacity = 0)
            .AddRule("r", r => r.Notify("missing")));
        var host = builder.Build();
        try
        {
            var ex = Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

            Assert.That(ex!.Failures, Is.EqualTo(new[]
            {
                "Alerting: HistoryCapacity must be at least 1 (was 0).",
                "Rule 'r' Actions[0]: Channel 'missing' is not configured (none are configured).",
            }));
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [Test]
    public async Task Host_ValidConfiguration_StartsDeliversAndStops()
    {
        RecordingSink sink = null!;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAlerting(a => a
            .AddRecording("ops", out sink)
            .AddRule("r", r => r.Notify("ops")));
        var host = builder.Build();
        try
        {
            await host.StartAsync();
            var result = await host.Services.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Some.Event());
            await host.StopAsync();

            Assert.Multiple(() =>
            {
                Assert.That(result.AllDelivered, Is.True);
                Assert.That(sink.Received, Has.Count.EqualTo(1));
            });
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private static void Valid(AlertingBuilder alerting) =>
        alerting
            .AddRecording("ops", out _)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops"));

    private static IReadOnlyList<string> Failures(AlertingHarness harness)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);
        return [.. ex!.Failures];
    }
}
