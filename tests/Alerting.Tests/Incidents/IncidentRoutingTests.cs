using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Incidents;

/// <summary>Incidents as the pipeline applies them: dedup, repeat, resolve, acknowledge, grouping.</summary>
[TestFixture]
public sealed class IncidentRoutingTests
{
    [Test]
    public async Task Publish_TenThousandFiringEventsForOneKeyWithinAMinute_NotifiesEachChannelOnce()
    {
        RecordingSink ops = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("chat", out chat)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops").Notify("chat")));

        var suppressed = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var result = await harness.Publisher.PublishAndWaitAsync(Some.Event(message: $"attempt {i}"));
            suppressed += result.Outcomes.Count(o => o.Status == DeliveryOutcomeStatus.Suppressed);
            harness.Time.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.Multiple(() =>
        {
            Assert.That(ops.Received, Has.Count.EqualTo(1));
            Assert.That(chat.Received, Has.Count.EqualTo(1));
            Assert.That(suppressed, Is.EqualTo(2 * 9_999));
            Assert.That(harness.Get<IIncidentManager>().GetOpenIncidents().Single().Occurrences, Is.EqualTo(10_000));
        });
    }

    [Test]
    public async Task Publish_AfterRepeatInterval_RenotifiesOnceWithTheCount()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.RepeatEvery(TimeSpan.FromMinutes(10)).Notify("ops", x => x.Title = "{source} x{occurrences}")));
        var opened = harness.Time.GetUtcNow();

        await harness.Publisher.PublishAndWaitAsync(Some.Event());
        for (var i = 0; i < 5; i++)
        {
            harness.Time.Advance(TimeSpan.FromMinutes(1.5));
            await harness.Publisher.PublishAndWaitAsync(Some.Event());
        }

        harness.Time.Advance(TimeSpan.FromMinutes(2.5)); // 10 minutes since the first notification
        var repeat = await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var after = await harness.Publisher.PublishAndWaitAsync(Some.Event());

        Assert.Multiple(() =>
        {
            Assert.That(ops.Received, Has.Count.EqualTo(2));
            Assert.That(repeat.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(after.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(ops.Received[1].Title, Is.EqualTo("nightly-import x7"));
            Assert.That(ops.Received[1].Message, Does.EndWith($"Still firing: 7 occurrences since {opened:yyyy-MM-dd HH:mm}Z."));
            Assert.That(ops.Received[0].Message, Does.Not.Contain("Still firing"));
            Assert.That(ops.Received[1].DedupKey, Is.EqualTo(ops.Received[0].DedupKey));
        });
    }

    [Test]
    public async Task Publish_ResolvedEventForOpenIncident_ResolvesOnlyTheChannelsThatWereNotified()
    {
        RecordingSink ops = null!;
        RecordingSink chat = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRecording("chat", out chat)
            .ConfigureChannel("chat", c => c.Environments.Add("production"))
            .AddRule("failures", r => r.Notify("ops").Notify("chat")));
        var failure = Some.Event(dedupKey: "disk:/var");

        await harness.Publisher.PublishAndWaitAsync(failure);
        var resolved = await harness.Publisher.PublishAndWaitAsync(failure.ToResolved("Disk has room again"));

        Assert.Multiple(() =>
        {
            Assert.That(chat.Received, Is.Empty, "chat serves production only, so it was never notified");
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(ops.Received.Select(n => n.DedupKey), Is.All.EqualTo("disk:/var"));
            Assert.That(resolved.Outcomes.Single().ChannelName, Is.EqualTo("ops"));
            Assert.That(harness.Get<IIncidentManager>().GetOpenIncidents(), Is.Empty);
        });
    }

    [TestCase(AlertEventTypes.JobFailed, AlertEventTypes.JobSucceeded)]
    [TestCase(AlertEventTypes.JobTimedOut, AlertEventTypes.JobSucceeded)]
    [TestCase(AlertEventTypes.JobHeartbeatMissed, AlertEventTypes.JobSucceeded)]
    [TestCase(AlertEventTypes.ServiceDegraded, AlertEventTypes.ServiceRecovered)]
    [TestCase(AlertEventTypes.HealthDegraded, AlertEventTypes.HealthRecovered)]
    [TestCase(AlertEventTypes.HealthUnhealthy, AlertEventTypes.HealthRecovered)]
    public async Task Publish_RecoveryOfTheSameSource_ResolvesTheIncidentWithItsKey(string problem, string recovery)
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("problems", r => r.ForTypes(problem).Notify("ops")));

        await harness.Publisher.PublishAndWaitAsync(Some.Event(type: problem, source: "billing"));
        await harness.Publisher.PublishAndWaitAsync(Some.Event(type: problem, source: "other"));
        await harness.Publisher.PublishAndWaitAsync(Some.Event(type: recovery, source: "billing", severity: AlertSeverity.Info, message: "All good"));

        var resolve = ops.Received.Single(n => n.Kind == NotificationKind.Resolve);
        Assert.Multiple(() =>
        {
            Assert.That(resolve.DedupKey, Is.EqualTo($"{problem}:billing"));
            Assert.That(resolve.Event.Type, Is.EqualTo(problem), "the resolve reads as the problem, resolved");
            Assert.That(resolve.Event.Status, Is.EqualTo(AlertStatus.Resolved));
            Assert.That(resolve.Message, Does.Contain("All good"));
            Assert.That(harness.Get<IIncidentManager>().GetOpenIncidents().Single().Source, Is.EqualTo("other"));
        });
    }

    [TestCase(AlertEventTypes.ServiceDegraded, AlertEventTypes.ServiceRecovered, "service.*")]
    [TestCase(AlertEventTypes.HealthUnhealthy, AlertEventTypes.HealthRecovered, "health.*")]
    public async Task Publish_RuleTakesTheProblemAndItsRecoveryWithTheSameKey_ResolvesOnce(string problem, string recovery, string types)
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("all", r => r.ForTypes(types).Notify("ops")));

        await harness.Publisher.PublishAndWaitAsync(Some.Event(type: problem, source: "db", dedupKey: "db-key"));
        var resolved = await harness.Publisher.PublishAndWaitAsync(Some.Event(type: recovery, source: "db", severity: AlertSeverity.Info, status: AlertStatus.Resolved, dedupKey: "db-key"));

        Assert.Multiple(() =>
        {
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(resolved.Outcomes.Select(o => (o.Status, o.ReasonTag)), Is.EquivalentTo(new[]
            {
                (DeliveryOutcomeStatus.Delivered, (string?)null),
                (DeliveryOutcomeStatus.Suppressed, DeliveryReasonTags.Deduplicated),
            }));
        });
    }

    [Test]
    public async Task Publish_FailFailFailSucceed_OneTriggerAndOneResolveWithTheSameDedupKey()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));

        for (var i = 0; i < 3; i++)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import"));
            harness.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded, source: "import", severity: AlertSeverity.Info));

        Assert.That(
            ops.Received.Select(n => (n.Kind, n.DedupKey)),
            Is.EqualTo(new[] { (NotificationKind.Trigger, "job.failed:import"), (NotificationKind.Resolve, "job.failed:import") }));
    }

    [Test]
    public async Task Publish_ResolvedEventWithoutKnownIncident_StillReachesEveryChannel()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.Notify("ops")));

        await harness.Publisher.PublishAndWaitAsync(Some.Event(status: AlertStatus.Resolved));

        Assert.That(ops.Received.Single().Kind, Is.EqualTo(NotificationKind.Resolve), "a provider may hold the incident open from before a restart");
    }

    [Test]
    public async Task AcknowledgeAsync_OpenIncident_TellsItsChannelsAndStopsRenotifying()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.RepeatEvery(TimeSpan.FromMinutes(5)).Notify("ops")));
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event());
            var manager = harness.Get<IIncidentManager>();
            var incident = manager.GetOpenIncidents().Single();

            var acknowledged = await manager.AcknowledgeAsync(incident.Id, "ada", "looking at the disk");
            harness.Time.Advance(TimeSpan.FromHours(1));
            var later = await harness.Publisher.PublishAndWaitAsync(Some.Event());
            var again = await manager.AcknowledgeAsync(incident.Id, "bob");

            Assert.Multiple(() =>
            {
                Assert.That(acknowledged!.Status, Is.EqualTo(IncidentStatus.Acknowledged));
                Assert.That(acknowledged.AcknowledgedBy, Is.EqualTo("ada"));
                Assert.That(later.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
                Assert.That(again, Is.Null, "an incident is acknowledged once");
                Assert.That(manager.GetOpenIncidents().Single().Status, Is.EqualTo(IncidentStatus.Acknowledged));
            });
        }

        var ack = ops.Received.Single(n => n.Kind == NotificationKind.Acknowledge);
        Assert.Multiple(() =>
        {
            Assert.That(ops.Received, Has.Count.EqualTo(2));
            Assert.That(ack.Message, Does.Contain("Acknowledged by ada: looking at the disk"));
            Assert.That(ack.DedupKey, Is.EqualTo(ops.Received[0].DedupKey));
        });
    }

    [Test]
    public async Task ResolveAsync_ByHand_SendsResolveAndTheNextFailureOpensANewIncident()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.Notify("ops")));
        await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var manager = harness.Get<IIncidentManager>();
        var first = manager.GetOpenIncidents().Single();

        var resolved = await manager.ResolveAsync(first.Id, "ada");
        var unknown = await manager.ResolveAsync(first.Id, "ada");
        await harness.Publisher.PublishAndWaitAsync(Some.Event());
        var second = manager.GetOpenIncidents().Single();
        await harness.Provider.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(resolved!.Status, Is.EqualTo(IncidentStatus.Resolved));
            Assert.That(unknown, Is.Null);
            Assert.That(second.Id, Is.Not.EqualTo(first.Id));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EquivalentTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve, NotificationKind.Trigger }));
            Assert.That(ops.Received.Single(n => n.Kind == NotificationKind.Resolve).Message, Does.Contain("Resolved by ada."));
        });
    }

    [Test]
    public async Task Publish_RuleGroupingByAttribute_OpensOneIncidentPerValueWhateverTheSource()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.GroupIncidentsBy("region").Notify("ops")));

        foreach (var region in new[] { "eu", "us", "eu", "us", "eu" })
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(attributes: new Dictionary<string, object?> { ["region"] = region }, dedupKey: Some.Name()));
        }

        Assert.That(ops.Received.Select(n => n.DedupKey), Is.EqualTo(new[] { "failures:region=eu", "failures:region=us" }));
    }

    [Test]
    public async Task Publish_RuleWithoutIncidents_NotifiesEveryEvent()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("successes", r => r.ForTypes(AlertEventTypes.JobSucceeded).WithoutIncidents().Notify("ops")));

        for (var i = 0; i < 3; i++)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded));
        }

        Assert.That(ops.Received, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task History_RecordsTheIncidentOfEachOutcomeAndStatisticsCountOpenIncidents()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.Notify("ops")));

        await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "a"));
        await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "a"));
        await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "b"));

        var history = harness.Get<INotificationHistory>();
        var recent = history.GetRecent();
        var incidents = harness.Get<IIncidentManager>().GetOpenIncidents();
        Assert.Multiple(() =>
        {
            Assert.That(recent.Select(o => o.Status), Is.EquivalentTo(new[] { DeliveryOutcomeStatus.Delivered, DeliveryOutcomeStatus.Suppressed, DeliveryOutcomeStatus.Delivered }));
            Assert.That(recent.Where(o => o.Source == "a").Select(o => o.IncidentId), Is.All.EqualTo(incidents.Single(i => i.Source == "a").Id));
            Assert.That(recent.Single(o => o.Status == DeliveryOutcomeStatus.Suppressed).Reason, Does.StartWith("Duplicate of open incident "));
            Assert.That(history.GetStatistics().OpenIncidents, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Publish_WithGroupWait_StormBecomesOneNotificationListingEveryAlert()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("storm", r =>
            {
                r.Incidents.GroupWait = TimeSpan.FromSeconds(30);
                r.GroupIncidentsBy("cluster").Notify("ops");
            }));
        PublishResult first;
        await using (harness)
        {
            first = await harness.Publisher.PublishAndWaitAsync(Some.Event(attributes: new Dictionary<string, object?> { ["cluster"] = "db" }, dedupKey: Some.Name()));
            for (var i = 0; i < 24; i++)
            {
                harness.Time.Advance(TimeSpan.FromSeconds(1));
                await harness.Publisher.PublishAndWaitAsync(Some.Event(attributes: new Dictionary<string, object?> { ["cluster"] = "db" }, dedupKey: Some.Name()));
            }

            harness.Time.Advance(TimeSpan.FromSeconds(6));
        }

        Assert.Multiple(() =>
        {
            Assert.That(first.Outcomes.Single().Reason, Does.StartWith("Grouping: alert "));
            Assert.That(ops.Received, Has.Count.EqualTo(1));
            Assert.That(ops.Received[0].Alerts, Has.Count.EqualTo(25));
            Assert.That(ops.Received[0].Title, Is.EqualTo("[ERROR] 25 alerts firing, 25 new in cluster=db"));
        });
    }

    /// <summary>A rule for failures with a two-minute minimum resolve delay, notifying <paramref name="ops"/>.</summary>
    private static AlertingHarness TwoMinuteResolveDelay(out RecordingSink ops)
    {
        RecordingSink recording = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out recording)
            .AddRule("failures", r =>
            {
                r.Incidents.MinResolveDelay = TimeSpan.FromMinutes(2);
                r.ForTypes(AlertEventTypes.JobFailed).Notify("ops");
            }));
        ops = recording;
        return harness;
    }

    [Test]
    public async Task Publish_FlappingWithinMinResolveDelay_NoResolveAndNoNewTrigger()
    {
        var harness = TwoMinuteResolveDelay(out var ops);
        PublishResult flap;
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import"));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded, source: "import"));
            harness.Time.Advance(TimeSpan.FromMinutes(1));
            flap = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import"));
            harness.Time.Advance(TimeSpan.FromMinutes(5));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded, source: "import"));
            harness.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.That(ops.Received.Count(n => n.Kind == NotificationKind.Resolve), Is.Zero, "the second resolve still waits");
            harness.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Multiple(() =>
        {
            Assert.That(flap.Outcomes.Single().Reason, Does.StartWith("Flapping: incident "));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        });
    }

    [Test]
    public async Task Publish_ResolvedAgainBeforeTheFirstResolveWasDue_WaitsTheFullDelayFromTheSecond()
    {
        var harness = TwoMinuteResolveDelay(out var ops);
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import"));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded, source: "import"));
            harness.Time.Advance(TimeSpan.FromSeconds(30));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "import")); // back: the resolve is cancelled
            harness.Time.Advance(TimeSpan.FromSeconds(30));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(type: AlertEventTypes.JobSucceeded, source: "import"));
            harness.Time.Advance(TimeSpan.FromMinutes(1)); // the first resolve's time: only one minute since the second
            Assert.That(ops.Received.Count(n => n.Kind == NotificationKind.Resolve), Is.Zero, "the second resolve waits its own two minutes");
            harness.Time.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
    }

    [TestCase(0, "Rule 'r': Incidents.RepeatInterval must be positive (was 00:00:00).")]
    [TestCase(1, "Rule 'r': Incidents.GroupBy[0] is empty; remove it or give a name or pattern.")]
    [TestCase(2, "Rule 'r': Incidents.GroupWait must not be negative (was -00:00:01).")]
    [TestCase(3, "Rule 'r': Incidents.MinResolveDelay must not be negative (was -00:00:01).")]
    public async Task Validate_BadIncidentOptions_NamesTheField(int broken, string message)
    {
        Action<IncidentOptions>[] breaks =
        [
            i => i.RepeatInterval = TimeSpan.Zero,
            i => i.GroupBy.Add(" "),
            i => i.GroupWait = TimeSpan.FromSeconds(-1),
            i => i.MinResolveDelay = TimeSpan.FromSeconds(-1),
        ];
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r => breaks[broken](r.Notify("ops").Incidents)));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[] { message }));
    }
}
