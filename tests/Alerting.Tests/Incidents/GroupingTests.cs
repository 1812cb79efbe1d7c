using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class GroupingTests
{
    private static readonly TimeSpan s_groupWait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_groupInterval = TimeSpan.FromMinutes(5);

    [Test]
    public async Task Storm_FiftyFailuresFromTenSourcesInTwoRegions_OneNotificationPerRegionThenUpdatesWithTheNewOnesThenOneResolvePerRegion()
    {
        var harness = Grouped(out var ops);
        await using (harness)
        {
            // 50 failures from 10 sources (5 each) in 2 regions, all within the group wait.
            for (var i = 0; i < 50; i++)
            {
                await harness.Publisher.PublishAndWaitAsync(Failure(i % 10));
                harness.Time.Advance(TimeSpan.FromMilliseconds(500));
            }

            harness.Time.Advance(s_groupWait);
            await ops.WaitForAsync(2);
            var first = ops.Received.ToList();

            // 5 more sources fail within the next group interval: one update per region, only the new ones marked.
            for (var i = 10; i < 15; i++)
            {
                await harness.Publisher.PublishAndWaitAsync(Failure(i));
            }

            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(4);
            var updates = ops.Received.Skip(2).ToList();

            // Every source recovers: one resolve per region, listing its alerts as resolved.
            for (var i = 0; i < 15; i++)
            {
                await harness.Publisher.PublishAndWaitAsync(Some.Event(AlertEventTypes.JobSucceeded, Source(i), AlertSeverity.Info, "ok"));
            }

            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(6);
            var resolves = ops.Received.Skip(4).ToList();

            Assert.Multiple(() =>
            {
                Assert.That(first.Select(n => (n.Kind, n.DedupKey, n.Alerts.Count)), Is.EquivalentTo(new[]
                {
                    (NotificationKind.Trigger, "storm:region=eu", 5), (NotificationKind.Trigger, "storm:region=us", 5),
                }));
                Assert.That(first.SelectMany(n => n.Alerts), Has.All.Property(nameof(NotificationAlert.IsNew)).True);
                Assert.That(Eu(first).Title, Is.EqualTo("[ERROR] 5 alerts firing, 5 new in region=eu"));
                Assert.That(Eu(first).Alerts.Select(a => a.Event.Source), Is.EqualTo(new[] { "job-0", "job-2", "job-4", "job-6", "job-8" }));
                Assert.That(Eu(first).Message, Does.StartWith("[NEW] job-0: Disk full (error)\n[NEW] job-2: Disk full (error)\n"));

                Assert.That(updates.Select(n => (n.Kind, n.DedupKey)), Is.EquivalentTo(new[]
                {
                    (NotificationKind.Trigger, "storm:region=eu"), (NotificationKind.Trigger, "storm:region=us"),
                }));
                Assert.That(Eu(updates).Alerts.Where(a => a.IsNew).Select(a => a.Event.Source), Is.EqualTo(new[] { "job-10", "job-12", "job-14" }));
                Assert.That(Eu(updates).Alerts.Count(a => !a.IsNew), Is.EqualTo(5));
                Assert.That(Eu(updates).Title, Is.EqualTo("[ERROR] 8 alerts firing, 3 new in region=eu"));
                Assert.That(updates.Single(n => n.DedupKey == "storm:region=us").Alerts.Where(a => a.IsNew).Select(a => a.Event.Source), Is.EqualTo(new[] { "job-11", "job-13" }));

                Assert.That(resolves.Select(n => (n.Kind, n.DedupKey)), Is.EquivalentTo(new[]
                {
                    (NotificationKind.Resolve, "storm:region=eu"), (NotificationKind.Resolve, "storm:region=us"),
                }));
                Assert.That(Eu(resolves).Alerts, Has.Count.EqualTo(8).And.All.Property(nameof(NotificationAlert.Status)).EqualTo(AlertStatus.Resolved));
                Assert.That(Eu(resolves).Title, Is.EqualTo("[ERROR] 8 alerts resolved in region=eu"));
                Assert.That(ops.Received, Has.Count.EqualTo(6), "nothing else: the pending update of a group that resolved sends nothing");
                Assert.That(harness.Get<IIncidentManager>().GetOpenIncidents(), Is.Empty);
            });
        }
    }

    [Test]
    public async Task Group_AlertResolvedWhileOthersFire_NextNotificationReportsItOnceThenDropsIt()
    {
        var harness = Grouped(out var ops);
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            await harness.Publisher.PublishAndWaitAsync(Failure(2));
            harness.Time.Advance(s_groupWait);
            await ops.WaitForAsync(1);

            await harness.Publisher.PublishAndWaitAsync(Failure(0).ToResolved("fixed"));
            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(2);
            await harness.Publisher.PublishAndWaitAsync(Failure(4));
            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(3);

            var update = ops.Received[1];
            var next = ops.Received[2];
            Assert.Multiple(() =>
            {
                Assert.That(update.Alerts.Select(a => (a.Event.Source, a.State)), Is.EqualTo(new[] { ("job-0", "resolved"), ("job-2", "firing") }));
                Assert.That(update.Title, Is.EqualTo("[ERROR] 1 alert firing, 1 resolved in region=eu"));
                Assert.That(next.Alerts.Select(a => (a.Event.Source, a.State)), Is.EqualTo(new[] { ("job-2", "firing"), ("job-4", "new") }));
            });
        }
    }

    [Test]
    public async Task Group_RepeatsOfAnAlert_AreDuplicatesAndTheUnchangedGroupRepeatsAfterTheRepeatInterval()
    {
        var harness = Grouped(out var ops, repeat: TimeSpan.FromHours(1));
        IReadOnlyList<DeliveryOutcome> history;
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            harness.Time.Advance(s_groupWait);
            await ops.WaitForAsync(1);
            var duplicate = await harness.Publisher.PublishAndWaitAsync(Failure(0));
            harness.Time.Advance(TimeSpan.FromHours(1));
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            await ops.WaitForAsync(2);
            history = harness.Get<INotificationHistory>().GetRecent();
            Assert.Multiple(() =>
            {
                Assert.That(duplicate.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Deduplicated));
                Assert.That(duplicate.Outcomes.Single().Reason, Does.StartWith("Duplicate of alert job.failed:job-0 in group region=eu"));
                Assert.That(ops.Received[1].Alerts.Single().State, Is.EqualTo("firing"));
                Assert.That(ops.Received[1].Title, Is.EqualTo("[ERROR] 1 alert firing in region=eu"));
            });
        }
    }

    [Test]
    public async Task Group_WithoutGroupWait_FirstAlertNotifiesAtOnceAndLaterOnesWaitForTheGroupInterval()
    {
        var harness = Grouped(out var ops, wait: TimeSpan.Zero);
        await using (harness)
        {
            var first = await harness.Publisher.PublishAndWaitAsync(Failure(0));
            var second = await harness.Publisher.PublishAndWaitAsync(Failure(2));
            Assert.Multiple(() =>
            {
                Assert.That(first.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
                Assert.That(second.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Grouping));
                Assert.That(second.Outcomes.Single().Reason, Does.Contain("which notifies at 2026-11-22 09:05:00Z"));
            });

            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(2);
            Assert.That(ops.Received[1].Alerts.Select(a => a.State), Is.EqualTo(new[] { "firing", "new" }));
        }
    }

    [Test]
    public async Task Group_ByFieldsAndAttributes_ReplacesTypeAndSourceInTheKey()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("by-type", r => r.GroupIncidentsBy("type", "region").Notify("ops")));
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            await harness.Publisher.PublishAndWaitAsync(Failure(2));
            await harness.Publisher.PublishAndWaitAsync(Some.Event(AlertEventTypes.JobTimedOut, "job-0", attributes: Region("eu")));
            Assert.That(harness.Get<IIncidentManager>().GetOpenIncidents().Select(i => (i.Key, i.Alerts.Count)), Is.EquivalentTo(new[]
            {
                ("by-type:type=job.failed:region=eu", 2), ("by-type:type=job.timed_out:region=eu", 1),
            }));
        }
    }

    [Test]
    public async Task Group_AlertTemplateAndGroupValues_RenderInTheActionsTemplates()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("storm", r =>
            {
                r.Incidents.GroupWait = s_groupWait;
                r.GroupIncidentsBy("region").Notify("ops", action =>
                {
                    action.Title = "{alerts_count} in {attributes.region} ({alerts_new} new)";
                    action.Alert = "{source}={alert_state}";
                    action.Message = "{alerts}";
                    action.Payload = """{"alerts":"{alert_details:json}","summary":"{alerts_summary}"}""";
                });
            }));
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            await harness.Publisher.PublishAndWaitAsync(Failure(2, "<b>\"quoted\"\r\nline</b>"));
            harness.Time.Advance(s_groupWait);
            await ops.WaitForAsync(1);
        }

        var sent = ops.Received.Single();
        using var payload = System.Text.Json.JsonDocument.Parse(sent.Payload!);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Title, Is.EqualTo("2 in eu (2 new)"));
            Assert.That(sent.Message, Is.EqualTo("job-0=new\njob-2=new"));
            Assert.That(payload.RootElement.GetProperty("alerts").GetArrayLength(), Is.EqualTo(2));
            Assert.That(payload.RootElement.GetProperty("alerts")[1].GetProperty("message").GetString(), Is.EqualTo("<b>\"quoted\"\r\nline</b>"));
            Assert.That(payload.RootElement.GetProperty("summary").GetString(), Is.EqualTo("2 alerts firing, 2 new"));
        });
    }

    [Test]
    public async Task Group_AcknowledgedGroup_StopsRepeatsButStillReportsNewAlerts()
    {
        var harness = Grouped(out var ops, repeat: TimeSpan.FromHours(1));
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            harness.Time.Advance(s_groupWait);
            await ops.WaitForAsync(1);
            var manager = harness.Get<IIncidentManager>();
            await manager.AcknowledgeAsync(manager.GetOpenIncidents().Single().Id, "ada");
            harness.Time.Advance(TimeSpan.FromHours(2));
            await harness.Publisher.PublishAndWaitAsync(Failure(0));
            await harness.Publisher.PublishAndWaitAsync(Failure(2));
            harness.Time.Advance(s_groupInterval);
            await ops.WaitForAsync(3);
        }

        Assert.That(ops.Received.Select(n => (n.Kind, n.Alerts.Count(a => a.IsNew))), Is.EqualTo(new[]
        {
            (NotificationKind.Trigger, 1), (NotificationKind.Acknowledge, 0), (NotificationKind.Trigger, 1),
        }));
    }

    [Test]
    public async Task Validate_NonPositiveGroupInterval_IsReported()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("r", r =>
            {
                r.Incidents.GroupInterval = TimeSpan.Zero;
                r.GroupIncidentsBy("region").Notify("ops");
            }));

        var failures = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value)!.Failures;
        Assert.That(failures, Is.EqualTo(new[] { "Rule 'r': Incidents.GroupInterval must be positive (was 00:00:00)." }));
    }

    private static AlertingHarness Grouped(out RecordingSink ops, TimeSpan? wait = null, TimeSpan? repeat = null)
    {
        RecordingSink recording = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out recording)
            .AddRule("storm", r =>
            {
                r.Incidents.GroupWait = wait ?? s_groupWait;
                r.Incidents.GroupInterval = s_groupInterval;
                r.Incidents.RepeatInterval = repeat ?? TimeSpan.FromHours(4);
                r.ForTypes(AlertEventTypes.JobFailed).GroupIncidentsBy("region").Notify("ops");
            }));
        ops = recording;
        return harness;
    }

    private static string Source(int i) => $"job-{i}";

    private static Dictionary<string, object?> Region(string region) => new() { ["region"] = region };

    private static AlertEvent Failure(int i, string message = "Disk full") =>
        Some.Event(source: Source(i), message: message, attributes: Region(i % 2 == 0 ? "eu" : "us"));

    private static Notification Eu(IEnumerable<Notification> sent) => sent.Single(n => n.DedupKey == "storm:region=eu");
}
