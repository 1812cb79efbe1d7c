using Alerting.Rules;
using Alerting.Rules.Internal;
using Alerting.Tests.Support;

namespace Alerting.Tests.Rules;

[TestFixture]
public sealed class RuleThresholdTests
{
    private const DeliveryOutcomeStatus Suppressed = DeliveryOutcomeStatus.Suppressed;
    private const DeliveryOutcomeStatus Delivered = DeliveryOutcomeStatus.Delivered;

    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public void Record_NthMatchWithinWindow_FiresThenCountsAgain()
    {
        var threshold = new RuleThreshold(3, TimeSpan.FromMinutes(5));

        var results = Enumerable.Range(0, 7)
            .Select(i => (Fired: threshold.Record("k", s_start.AddSeconds(i * 10), out var seen), Seen: seen))
            .ToArray();

        Assert.That(results, Is.EqualTo(new[] { (false, 1), (false, 2), (true, 3), (false, 1), (false, 2), (true, 3), (false, 1) }));
    }

    [Test]
    public void Record_MatchesOlderThanWindow_NoLongerCount()
    {
        var threshold = new RuleThreshold(2, TimeSpan.FromMinutes(5));

        var first = threshold.Record("k", s_start, out _);
        var late = threshold.Record("k", s_start.AddMinutes(6), out var seenLate);
        var soonAfter = threshold.Record("k", s_start.AddMinutes(10), out var seenSoonAfter);

        Assert.That((first, late, seenLate, soonAfter, seenSoonAfter), Is.EqualTo((false, false, 1, true, 2)));
    }

    [Test]
    public void Record_CountsEachKeyApart()
    {
        var threshold = new RuleThreshold(2, TimeSpan.FromMinutes(5));

        var a1 = threshold.Record("a", s_start, out _);
        var b1 = threshold.Record("b", s_start.AddSeconds(1), out _);
        var a2 = threshold.Record("a", s_start.AddSeconds(2), out _);
        var b2 = threshold.Record("b", s_start.AddSeconds(3), out _);

        Assert.That((a1, b1, a2, b2), Is.EqualTo((false, false, true, true)));
    }

    [Test]
    public void Record_ManyMatches_SweepsKeysWhoseMatchesLeftTheWindow()
    {
        var threshold = new RuleThreshold(2, TimeSpan.FromMinutes(5));
        for (var i = 0; i < 100; i++)
        {
            threshold.Record($"once-{i}", s_start, out _);
        }

        var later = s_start.AddMinutes(30);
        for (var i = 0; i < 5_000; i++)
        {
            threshold.Record("hot", later, out _);
        }

        Assert.That(threshold.TrackedKeys, Is.LessThanOrEqualTo(1));
    }

    [Test]
    public async Task Publish_BelowThreshold_RecordsSuppressedOutcomesThenFiresOnNthMatch()
    {
        RecordingSink ops = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("chat", out chat)
            .AddRule("flapping", r => r.AfterCount(3, TimeSpan.FromMinutes(5)).Notify("ops").Notify("chat")));

        var first = await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var second = await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var sentBeforeThird = ops.Received.Count + chat.Received.Count;
        var third = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            foreach (var held in first.Outcomes.Concat(second.Outcomes))
            {
                Assert.That(held.Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
                Assert.That(held.Reason, Does.Contain("threshold").IgnoreCase);
                Assert.That(held.RuleName, Is.EqualTo("flapping"));
                Assert.That(held.Attempts, Is.Zero);
            }

            Assert.That(first.Outcomes.Select(o => o.ChannelName), Is.EquivalentTo(new[] { "ops", "chat" }));
            Assert.That(second.Outcomes, Has.Count.EqualTo(2));
            Assert.That(sentBeforeThird, Is.Zero);
            Assert.That(third.AllDelivered, Is.True);
            Assert.That(third.Outcomes, Has.Count.EqualTo(2));
            Assert.That((ops.Received.Count, chat.Received.Count), Is.EqualTo((1, 1)));
        });
    }

    [Test]
    public async Task Publish_ThresholdFired_StartsCountingAgain()
    {
        var statuses = await PublishAllAsync(
            r => r.AfterCount(2, TimeSpan.FromMinutes(5)).WithoutIncidents(),
            _ => Some.Event(),
            Enumerable.Repeat(TimeSpan.Zero, 5));

        Assert.That(statuses, Is.EqualTo(new[] { Suppressed, Delivered, Suppressed, Delivered, Suppressed }));
    }

    [Test]
    public async Task Publish_MatchesSpreadBeyondWindowOnTheClock_DoNotFire()
    {
        // Events without a timestamp are stamped from the clock as they are published.
        var statuses = await PublishAllAsync(
            r => r.AfterCount(2, TimeSpan.FromMinutes(5)),
            _ => new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error),
            [TimeSpan.Zero, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(4)]);

        Assert.That(statuses, Is.EqualTo(new[] { Suppressed, Suppressed, Delivered }));
    }

    [Test]
    public async Task Publish_EventTimestampsBeyondWindow_DoNotFireEvenWhenClockStandsStill()
    {
        var at = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var offsets = new[] { 0, 6, 10 };

        var statuses = await PublishAllAsync(
            r => r.AfterCount(2, TimeSpan.FromMinutes(5)),
            i => new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error) { Timestamp = at.AddMinutes(offsets[i]) },
            Enumerable.Repeat(TimeSpan.Zero, 3));

        Assert.That(statuses, Is.EqualTo(new[] { Suppressed, Suppressed, Delivered }));
    }

    [Test]
    public async Task Publish_ThresholdCountsPerDedupKey()
    {
        var keys = new[] { "db-1", "db-2", "db-1", "db-2" };

        var statuses = await PublishAllAsync(
            r => r.AfterCount(2, TimeSpan.FromMinutes(5)),
            i => Some.Event(dedupKey: keys[i]),
            Enumerable.Repeat(TimeSpan.Zero, 4));

        Assert.That(statuses, Is.EqualTo(new[] { Suppressed, Suppressed, Delivered, Delivered }));
    }

    [Test]
    public async Task Publish_DerivedDedupKey_SeparatesSources()
    {
        var sources = new[] { "import-a", "import-b", "import-a" };

        var statuses = await PublishAllAsync(
            r => r.AfterCount(2, TimeSpan.FromMinutes(5)),
            i => Some.Event(source: sources[i]),
            Enumerable.Repeat(TimeSpan.Zero, 3));

        Assert.That(statuses, Is.EqualTo(new[] { Suppressed, Suppressed, Delivered }));
    }

    [Test]
    public async Task Publish_EventsFailingOtherConditions_DoNotCountTowardsThreshold()
    {
        var severities = new[] { AlertSeverity.Error, AlertSeverity.Info, AlertSeverity.Info, AlertSeverity.Error };

        var statuses = await PublishAllAsync(
            r => r.WithMinimumSeverity(AlertSeverity.Error).AfterCount(2, TimeSpan.FromMinutes(5)),
            i => Some.Event(severity: severities[i], dedupKey: "k"),
            Enumerable.Repeat(TimeSpan.Zero, 4));

        Assert.That(statuses, Is.EqualTo(new DeliveryOutcomeStatus?[] { Suppressed, null, null, Delivered }));
    }

    [Test]
    public async Task Publish_ThresholdOfOne_FiresEveryMatch()
    {
        var statuses = await PublishAllAsync(
            r => r.AfterCount(1, TimeSpan.FromMinutes(5)).WithoutIncidents(),
            _ => Some.Event(),
            Enumerable.Repeat(TimeSpan.Zero, 2));

        Assert.That(statuses, Is.EqualTo(new[] { Delivered, Delivered }));
    }

    [Test]
    public async Task Publish_ThresholdOnOneRule_DoesNotHoldBackOtherRules()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("patient", r => r.AfterCount(2, TimeSpan.FromMinutes(5)).Notify("ops"))
            .AddRule("eager", r => r.Notify("ops")));

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.That(
            result.Outcomes.Select(o => (o.RuleName, o.Status)),
            Is.EquivalentTo(new[] { ("patient", DeliveryOutcomeStatus.Suppressed), ("eager", DeliveryOutcomeStatus.Delivered) }));
    }

    /// <summary>
    /// Publishes events one by one to a single rule with one action, advancing the fake clock by the given step before
    /// each, and returns each event's outcome status (null when the rule did not match).
    /// </summary>
    private static async Task<DeliveryOutcomeStatus?[]> PublishAllAsync(Action<AlertRuleOptions> rule, Func<int, AlertEvent> createEvent, IEnumerable<TimeSpan> advanceBefore)
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r =>
            {
                rule(r);
                r.Notify("ops");
            }));
        var statuses = new List<DeliveryOutcomeStatus?>();
        var i = 0;
        foreach (var step in advanceBefore)
        {
            harness.Time.Advance(step);
            var result = await harness.Publisher.PublishAndWaitAsync(createEvent(i++));
            statuses.Add(result.Outcomes.Count == 0 ? null : result.Outcomes.Single().Status);
        }

        return [.. statuses];
    }
}
