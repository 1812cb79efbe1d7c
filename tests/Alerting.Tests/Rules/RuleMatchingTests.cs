using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Tests.Support;

namespace Alerting.Tests.Rules;

/// <summary>Rule conditions, through the public pipeline: publish an event and see which rules' actions ran.</summary>
[TestFixture]
public sealed class RuleMatchingTests
{
    [Test]
    public async Task Match_RuleWithoutConditions_MatchesAnyEvent()
    {
        var routed = await RoutedRulesAsync(Some.Event(type: "custom.anything", severity: AlertSeverity.Info), ("r", _ => { }));

        Assert.That(routed, Is.EqualTo(new[] { "r" }));
    }

    [TestCase("job.failed", "job.failed", true)]
    [TestCase("job.failed", "job.timed_out", false)]
    [TestCase("JOB.FAILED", "job.failed", true)]
    [TestCase("job.*", "job.heartbeat_missed", true)]
    [TestCase("job.*", "service.degraded", false)]
    [TestCase("job.failed,service.*", "service.recovered", true)]
    [TestCase("job.failed,service.*", "job.succeeded", false)]
    [TestCase("*", "custom.thing", true)]
    public async Task Match_EventTypes_MatchExactTypesAndPatterns(string types, string eventType, bool expected)
    {
        var matched = await MatchesAsync(r => r.ForTypes(types.Split(',')), Some.Event(type: eventType));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("nightly-import", "nightly-import", true)]
    [TestCase("nightly-import", "NIGHTLY-IMPORT", true)]
    [TestCase("nightly-import", "nightly-import-2", false)]
    [TestCase("nightly-*", "nightly-import", true)]
    [TestCase("nightly-*", "weekly-import", false)]
    [TestCase("*-import", "weekly-import", true)]
    [TestCase("*-import", "weekly-export", false)]
    [TestCase("nightly-*-eu", "nightly-import-eu", true)]
    [TestCase("nightly-*-eu", "nightly-import-us", false)]
    [TestCase("Nightly-*", "nightly-import", true)]
    [TestCase("billing-*,nightly-*", "nightly-import", true)]
    public async Task Match_SourcePatternWithWildcard_MatchesCaseInsensitively(string patterns, string source, bool expected)
    {
        var matched = await MatchesAsync(r => r.FromSources(patterns.Split(',')), Some.Event(source: source));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase(AlertSeverity.Error, AlertSeverity.Warning, false)]
    [TestCase(AlertSeverity.Error, AlertSeverity.Error, true)]
    [TestCase(AlertSeverity.Error, AlertSeverity.Critical, true)]
    [TestCase(AlertSeverity.Info, AlertSeverity.Info, true)]
    public async Task Match_MinimumSeverity_MatchesThatSeverityAndAbove(AlertSeverity minimum, AlertSeverity severity, bool expected)
    {
        var matched = await MatchesAsync(r => r.WithMinimumSeverity(minimum), Some.Event(severity: severity));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("production", true)]
    [TestCase("PRODUCTION", true)]
    [TestCase("staging", true)]
    [TestCase("development", false)]
    [TestCase(null, false)]
    public async Task Match_Environments_MatchListedEnvironmentsOnly(string? environment, bool expected)
    {
        var matched = await MatchesAsync(r => r.InEnvironments("production", "staging"), Some.Event(environment: environment));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase(null, true, "production")]
    [TestCase("staging", false, "staging")]
    public async Task Match_EventWithoutEnvironment_TakesAlertingOptionsEnvironmentAtPublish(string? environment, bool expected, string stamped)
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a => a
            .Configure(o => o.Environment = "production")
            .AddRecording("ops", out sink)
            .AddRule("r", r => r.InEnvironments("production").Notify("ops")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event(environment: environment));

        Assert.Multiple(() =>
        {
            Assert.That(result.Matched, Is.EqualTo(expected));
            Assert.That(result.Event.Environment, Is.EqualTo(stamped));
            Assert.That(sink.Received, Has.Count.EqualTo(expected ? 1 : 0));
        });
    }

    [TestCase(AlertStatus.Firing, AlertStatus.Firing, true)]
    [TestCase(AlertStatus.Firing, AlertStatus.Resolved, false)]
    [TestCase(AlertStatus.Resolved, AlertStatus.Resolved, true)]
    [TestCase(AlertStatus.Resolved, AlertStatus.Firing, false)]
    public async Task Match_Status_MatchesThatStatusOnly(AlertStatus ruleStatus, AlertStatus eventStatus, bool expected)
    {
        var matched = await MatchesAsync(r => r.Status = ruleStatus, Some.Event(status: eventStatus));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("eu", "eu", true)]
    [TestCase("EU", "eu", false)]
    [TestCase("eu-west", "eu", false)]
    [TestCase(42, "42", true)]
    [TestCase(42L, "42", true)]
    [TestCase(true, "true", true)]
    [TestCase(false, "true", false)]
    [TestCase(false, "false", true)]
    [TestCase(null, "eu", false)]
    public async Task Match_AttributeEquals_ComparesInvariantTextOrdinally(object? value, string expected, bool matches)
    {
        var matched = await MatchesAsync(r => r.WhenAttribute("region", expected), Some.Event(attributes: new Dictionary<string, object?> { ["region"] = value }));

        Assert.That(matched, Is.EqualTo(matches));
    }

    [Test]
    [SetCulture("de-DE")]
    public async Task Match_AttributeEqualsFractionUnderCommaCulture_ComparesInvariantText()
    {
        var attributes = new Dictionary<string, object?> { ["ratio"] = 1.5 };

        var invariant = await MatchesAsync(r => r.WhenAttribute("ratio", "1.5"), Some.Event(attributes: attributes));
        var local = await MatchesAsync(r => r.WhenAttribute("ratio", "1,5"), Some.Event(attributes: attributes));

        Assert.That((invariant, local), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Match_AttributeMissing_DoesNotMatch()
    {
        var matched = await MatchesAsync(r => r.WhenAttribute("region", "eu"), Some.Event(attributes: new Dictionary<string, object?> { ["zone"] = "eu" }));

        Assert.That(matched, Is.False);
    }

    [Test]
    public async Task Match_AttributeNameIsCaseSensitive()
    {
        var matched = await MatchesAsync(r => r.WhenAttribute("Region", "eu"), Some.Event(attributes: new Dictionary<string, object?> { ["region"] = "eu" }));

        Assert.That(matched, Is.False);
    }

    [TestCase("^eu-", "eu-west", true)]
    [TestCase("^eu-", "us-east", false)]
    [TestCase("west", "eu-west-1", true)]
    [TestCase(@"^4\d$", 42, true)]
    [TestCase(@"^4\d$", 420, false)]
    [TestCase("^true$", true, true)]
    public async Task Match_AttributeRegex_MatchesInvariantText(string pattern, object value, bool expected)
    {
        var matched = await MatchesAsync(r => r.WhenAttributeMatches("region", pattern), Some.Event(attributes: new Dictionary<string, object?> { ["region"] = value }));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [Test]
    public async Task Match_AttributeValueAndPattern_BothMustHold()
    {
        var condition = new AttributeCondition { Name = "region", Value = "eu-west", Pattern = "^us-" };

        var matched = await MatchesAsync(r => r.Attributes.Add(condition), Some.Event(attributes: new Dictionary<string, object?> { ["region"] = "eu-west" }));

        Assert.That(matched, Is.False);
    }

    [TestCase("eu", false)]
    [TestCase("us", true)]
    [TestCase(null, true)]
    public async Task Match_NegatedAttributeCondition_MatchesWhenConditionDoesNotHold(string? region, bool expected)
    {
        var attributes = region is null ? new Dictionary<string, object?>() : new Dictionary<string, object?> { ["region"] = region };

        var matched = await MatchesAsync(r => r.Attributes.Add(new AttributeCondition { Name = "region", Value = "eu", Negate = true }), Some.Event(attributes: attributes));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("eu-west", false)]
    [TestCase("us-east", true)]
    public async Task Match_NegatedRegex_MatchesWhenRegexDoesNotMatch(string region, bool expected)
    {
        var matched = await MatchesAsync(
            r => r.Attributes.Add(new AttributeCondition { Name = "region", Pattern = "^eu-", Negate = true }),
            Some.Event(attributes: new Dictionary<string, object?> { ["region"] = region }));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("Disk full", true)]
    [TestCase("Out of memory", false)]
    public async Task Match_Predicate_DecidesTheMatch(string message, bool expected)
    {
        var matched = await MatchesAsync(r => r.When(e => e.Message!.Contains("disk", StringComparison.OrdinalIgnoreCase)), Some.Event(message: message));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [TestCase("Disk full on eu", true)]
    [TestCase("Disk full", false)]
    [TestCase("Quota on eu", false)]
    public async Task Match_TwoPredicates_BothMustHold(string message, bool expected)
    {
        var matched = await MatchesAsync(
            r => r.When(e => e.Message!.Contains("Disk", StringComparison.Ordinal)).When(e => e.Message!.Contains("eu", StringComparison.Ordinal)),
            Some.Event(message: message));

        Assert.That(matched, Is.EqualTo(expected));
    }

    [Test]
    public async Task Match_PredicateThrows_RuleDoesNotMatchAndOtherRulesStillMatch()
    {
        var routed = await RoutedRulesAsync(
            Some.Event(),
            ("before", _ => { }),
            ("throwing", r => r.When(_ => throw new InvalidOperationException("bug in host predicate"))),
            ("after", _ => { }));

        Assert.That(routed, Is.EqualTo(new[] { "before", "after" }));
    }

    [Test]
    public async Task Match_PredicateThrows_NextEventIsStillRouted()
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out sink)
            .AddRule("picky", r => r.When(e => e.Message!.Length > 0).Notify("ops")));

        var first = await harness.Publisher.PublishAndWaitAsync(Some.Event(message: null));
        var second = await harness.Publisher.PublishAndWaitAsync(Some.Event(message: "Disk full"));

        Assert.Multiple(() =>
        {
            Assert.That(first.Matched, Is.False);
            Assert.That(second.AllDelivered, Is.True);
            Assert.That(sink.Received.Select(n => n.Event.Message), Is.EqualTo(new[] { "Disk full" }));
        });
    }

    // The compiler gives patterns a 100 ms match timeout; a pattern that hits it must count as no match, not stop routing.
    // CancelAfter only keeps a broken router from hanging the run: nothing is measured.
    [Test]
    [CancelAfter(10_000)]
    public async Task Match_RegexThatTimesOut_CountsAsNoMatchAndOtherRulesStillMatch(CancellationToken cancellationToken)
    {
        RecordingSink sink = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out sink)
            .AddRule("catastrophic", r => r.WhenAttributeMatches("input", "^(a+)+$").Notify("ops"))
            .AddRule("fine", r => r.Notify("ops")));
        var e = Some.Event(attributes: new Dictionary<string, object?> { ["input"] = new string('a', 40) + "!" });

        var result = await harness.Publisher.PublishAndWaitAsync(e, cancellationToken);
        await harness.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcomes.Select(o => o.RuleName), Is.EqualTo(new[] { "fine" }));
            Assert.That(sink.Received.Select(n => n.RuleName), Is.EqualTo(new[] { "fine" }));
        });
    }

    [Test]
    public async Task Match_DisabledRule_DoesNotMatch()
    {
        var routed = await RoutedRulesAsync(Some.Event(), ("off", r => r.Enabled = false), ("on", _ => { }));

        Assert.That(routed, Is.EqualTo(new[] { "on" }));
    }

    [TestCase(null, true)]
    [TestCase("type", false)]
    [TestCase("source", false)]
    [TestCase("severity", false)]
    [TestCase("environment", false)]
    [TestCase("status", false)]
    [TestCase("attribute", false)]
    [TestCase("regex", false)]
    [TestCase("predicate", false)]
    public async Task Match_AllConditionsCombined_EachMustHold(string? broken, bool expected)
    {
        var e = Some.Event(
            type: broken == "type" ? AlertEventTypes.ServiceDegraded : AlertEventTypes.JobTimedOut,
            source: broken == "source" ? "weekly-export" : "nightly-import",
            severity: broken == "severity" ? AlertSeverity.Warning : AlertSeverity.Critical,
            environment: broken == "environment" ? "staging" : "production",
            status: broken == "status" ? AlertStatus.Resolved : AlertStatus.Firing,
            message: broken == "predicate" ? "Quota exceeded" : "Disk full",
            attributes: new Dictionary<string, object?>
            {
                ["region"] = broken == "attribute" ? "us" : "eu",
                ["attempt"] = broken == "regex" ? "third" : 3,
            });

        var matched = await MatchesAsync(
            r =>
            {
                r.ForTypes("job.*").FromSources("nightly-*").WithMinimumSeverity(AlertSeverity.Error).InEnvironments("production")
                    .WhenAttribute("region", "eu").WhenAttributeMatches("attempt", "^[0-9]+$").When(x => x.Message == "Disk full");
                r.Status = AlertStatus.Firing;
            },
            e);

        Assert.That(matched, Is.EqualTo(expected));
    }

    [Test]
    public async Task Match_SeveralRules_ActionsRunInDeclarationOrder()
    {
        var routed = await RoutedRulesAsync(
            Some.Event(type: AlertEventTypes.JobFailed),
            ("zeta", r => r.ForTypes(AlertEventTypes.JobFailed)),
            ("alpha", r => r.ForTypes("job.*")),
            ("skipped", r => r.ForTypes("service.*")),
            ("middle", _ => { }),
            ("beta", r => r.ForTypes(AlertEventTypes.JobTimedOut, AlertEventTypes.JobFailed)));

        Assert.That(routed, Is.EqualTo(new[] { "zeta", "alpha", "middle", "beta" }));
    }

    [Test]
    public async Task Match_RuleWithTwoActions_RunsBoth()
    {
        RecordingSink ops = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("chat", out chat)
            .AddRule("r", r => r.Notify("ops").Notify("chat")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcomes.Select(o => o.ChannelName), Is.EquivalentTo(new[] { "ops", "chat" }));
            Assert.That((ops.Received.Count, chat.Received.Count), Is.EqualTo((1, 1)));
        });
    }

    [Test]
    public async Task Match_NoRuleMatches_PublishResultIsEmpty()
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out sink)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.ServiceDegraded).Notify("ops")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobFailed));

        Assert.Multiple(() =>
        {
            Assert.That(result.Matched, Is.False);
            Assert.That(result.Outcomes, Is.Empty);
            Assert.That(sink.Received, Is.Empty);
        });
    }

    /// <summary>Publishes the event to a single rule notifying a recording channel; returns whether it matched, checking the channel agrees.</summary>
    private static async Task<bool> MatchesAsync(Action<AlertRuleOptions> conditions, AlertEvent alertEvent)
    {
        var routed = await RoutedRulesAsync(alertEvent, ("r", conditions));
        return routed.Count == 1;
    }

    /// <summary>
    /// Publishes the event to the given rules, each notifying one in-order recording channel, and returns the names of
    /// the rules that were delivered, in the order the channel got them (after checking every outcome was delivered).
    /// </summary>
    private static async Task<IReadOnlyList<string?>> RoutedRulesAsync(AlertEvent alertEvent, params (string Name, Action<AlertRuleOptions> Conditions)[] rules)
    {
        RecordingSink sink = null!;
        await using var harness = AlertingHarness.Create(a =>
        {
            a.AddRecording("ops", out sink).ConfigureChannel("ops", c => c.MaxConcurrency = 1);
            foreach (var (name, conditions) in rules)
            {
                a.AddRule(name, r =>
                {
                    conditions(r);
                    r.Notify("ops");
                });
            }
        });

        var result = await harness.Publisher.PublishAndWaitAsync(alertEvent);

        Assert.That(result.Outcomes.Select(o => o.Status), Has.All.EqualTo(DeliveryOutcomeStatus.Delivered));
        Assert.That(result.Outcomes.Select(o => o.RuleName), Is.EquivalentTo(sink.Received.Select(n => n.RuleName)));
        return sink.Received.Select(n => n.RuleName).ToList();
    }
}
