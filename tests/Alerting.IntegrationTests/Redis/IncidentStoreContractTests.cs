using Alerting.Incidents;
using Alerting.Incidents.Internal;
using Alerting.Redis;

namespace Alerting.IntegrationTests.Redis;

/// <summary>
/// What every <see cref="IIncidentStore"/> must do, the in-process one and a shared one alike: each decision made once,
/// whoever races for it, on the times the caller gives. A store written for another database runs this same contract.
/// </summary>
public abstract class IncidentStoreContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Repeat = TimeSpan.FromHours(1);

    /// <summary>A fresh, empty store.</summary>
    private protected abstract IIncidentStore CreateStore();

    /// <summary>
    /// Several stores over the same state, as several replicas of an app have (for the in-process store: the same one,
    /// since it is not shared).
    /// </summary>
    private protected abstract IReadOnlyList<IIncidentStore> CreateReplicas(int count);

    private static AlertEvent Failure(string source = "nightly-import") =>
        new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, "Disk full")
        {
            Timestamp = s_start,
            Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1", ["rows"] = 42L },
        };

    [Test]
    public async Task RecordFiring_SameKeyTwice_OpensOnceThenCounts()
    {
        var store = CreateStore();

        var first = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);
        var second = await store.RecordFiringAsync("failures", "k1", Failure(), s_start.AddMinutes(1), Repeat);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.Opened, first.Notifies, first.Occurrences), Is.EqualTo((true, true, 1)));
            Assert.That((second.Opened, second.Notifies, second.Occurrences, second.IncidentId), Is.EqualTo((false, false, 2, first.IncidentId)));
            Assert.That(second.OpenedAt, Is.EqualTo(s_start));
            Assert.That(store.OpenCount, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task RecordFiring_AfterTheRepeatInterval_ClaimsOneRenotification()
    {
        var store = CreateStore();
        await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        var due = await store.RecordFiringAsync("failures", "k1", Failure(), s_start + Repeat, Repeat);
        var next = await store.RecordFiringAsync("failures", "k1", Failure(), s_start + Repeat + TimeSpan.FromMinutes(1), Repeat);

        Assert.That((due.Renotify, next.Renotify), Is.EqualTo((true, false)));
    }

    [Test]
    public async Task Acknowledge_OpenIncident_RecordedOnceAndStopsRenotification()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        var acknowledged = await store.AcknowledgeAsync(opened.IncidentId, "alice", "on it", s_start.AddMinutes(5));
        var again = await store.AcknowledgeAsync(opened.IncidentId, "bob", null, s_start.AddMinutes(6));
        var later = await store.RecordFiringAsync("failures", "k1", Failure(), s_start + (2 * Repeat), Repeat);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((acknowledged?.Status, acknowledged?.AcknowledgedBy, acknowledged?.AcknowledgementNote, acknowledged?.AcknowledgedAt),
                Is.EqualTo(((IncidentStatus?)IncidentStatus.Acknowledged, "alice", "on it", (DateTimeOffset?)s_start.AddMinutes(5))));
            Assert.That(again, Is.Null, "acknowledged once");
            Assert.That(later.Renotify, Is.False, "an acknowledged incident is not re-notified");
        }
    }

    [Test]
    public async Task MarkNotified_ChannelsAddedOnceEachIgnoringCase()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        await store.MarkNotifiedAsync(opened.IncidentId, ["pagerduty", "ops-mail"]);
        await store.MarkNotifiedAsync(opened.IncidentId, ["PagerDuty", "sms"]);

        Assert.That((await store.GetAsync(opened.IncidentId))!.NotifiedChannels, Is.EqualTo(new[] { "pagerduty", "ops-mail", "sms" }));
    }

    [Test]
    public async Task MarkResolving_ThenFiringAgain_DampedAndTheResolveThatWaitedIsCancelled()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        var resolving = await store.MarkResolvingAsync(opened.IncidentId, s_start.AddMinutes(1));
        var twice = await store.MarkResolvingAsync(opened.IncidentId, s_start.AddMinutes(1));
        var flap = await store.RecordFiringAsync("failures", "k1", Failure(), s_start.AddMinutes(2), Repeat);
        var waited = await store.ResolveAsync(opened.IncidentId, s_start.AddMinutes(3), onlyIfResolving: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((resolving, twice), Is.EqualTo((true, false)));
            Assert.That((flap.Damped, flap.Notifies), Is.EqualTo((true, false)));
            Assert.That(waited, Is.Null, "the flap cancelled the resolve");
            Assert.That(await store.GetAsync(opened.IncidentId), Is.Not.Null);
        }
    }

    [Test]
    public async Task Resolve_ClosesOnceAndTheNextFailureOpensANewIncident()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);
        await store.MarkNotifiedAsync(opened.IncidentId, ["pagerduty"]);

        var resolved = await store.ResolveAsync(opened.IncidentId, s_start.AddMinutes(10));
        var twice = await store.ResolveAsync(opened.IncidentId, s_start.AddMinutes(11));
        var reopened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start.AddMinutes(20), Repeat);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((resolved?.Status, resolved?.ResolvedAt), Is.EqualTo(((IncidentStatus?)IncidentStatus.Resolved, (DateTimeOffset?)s_start.AddMinutes(10))));
            Assert.That(resolved?.NotifiedChannels, Is.EqualTo(new[] { "pagerduty" }), "the resolve goes to the channels notified");
            Assert.That(twice, Is.Null, "closed once");
            Assert.That(await store.GetAsync(opened.IncidentId), Is.Null);
            Assert.That((reopened.Opened, reopened.IncidentId), Is.Not.EqualTo((false, opened.IncidentId)));
            Assert.That(reopened.Opened, Is.True);
        }
    }

    [Test]
    public async Task FindLatest_AfterResolve_TheResolvedIncidentWhereTheStoreKeepsItElseNone()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);
        var whileOpen = await store.FindLatestAsync("failures", "k1");
        await store.ResolveAsync(opened.IncidentId, s_start.AddMinutes(1));

        var afterResolve = await store.FindLatestAsync("failures", "k1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileOpen?.Id, Is.EqualTo(opened.IncidentId));
            Assert.That(afterResolve, KeepsResolved ? Has.Property(nameof(Incident.Status)).EqualTo(IncidentStatus.Resolved) : Is.Null);
            Assert.That(await store.FindLatestAsync("failures", "never"), Is.Null);
        }
    }

    /// <summary>Gets whether the store keeps resolved incidents for a while (a shared one must, so a resolve is sent once).</summary>
    private protected virtual bool KeepsResolved => true;

    [Test]
    public async Task FindAndFindBySource_OpenIncidentsOnly_ByRuleAndKeyOrBySourceAndType()
    {
        var store = CreateStore();
        var import = await store.RecordFiringAsync("failures", "k1", Failure("import"), s_start, Repeat);
        await store.RecordFiringAsync("failures", "k2", Failure("export"), s_start, Repeat);
        var closed = await store.RecordFiringAsync("failures", "k3", Failure("import"), s_start, Repeat);
        await store.ResolveAsync(closed.IncidentId, s_start.AddMinutes(1));

        var found = await store.FindAsync("failures", "k1");
        var bySource = await store.FindBySourceAsync("import", [AlertEventTypes.JobFailed]);
        var otherType = await store.FindBySourceAsync("import", [AlertEventTypes.JobTimedOut]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(found?.Id, Is.EqualTo(import.IncidentId));
            Assert.That(await store.FindAsync("failures", "k3"), Is.Null);
            Assert.That(bySource.Select(i => i.Id), Is.EqualTo(new[] { import.IncidentId }));
            Assert.That(otherType, Is.Empty);
            Assert.That(store.GetOpen().Select(i => i.Key), Is.EquivalentTo(new[] { "k1", "k2" }));
        }
    }

    [Test]
    public async Task FindByType_OpenIncidentsOfThoseTypesOnly_OldestFirst_CaseInsensitive()
    {
        var store = CreateStore();
        var import = await store.RecordFiringAsync("failures", "k1", Failure("import"), s_start.AddMinutes(1), Repeat);
        var export = await store.RecordFiringAsync("other-rule", "k2", Failure("export"), s_start, Repeat);
        await store.RecordFiringAsync("failures", "k3", new AlertEvent(AlertEventTypes.ServiceDegraded, "db") { Timestamp = s_start }, s_start, Repeat);
        var closed = await store.RecordFiringAsync("failures", "k4", Failure("import"), s_start, Repeat);
        await store.ResolveAsync(closed.IncidentId, s_start.AddMinutes(2));

        var failures = await store.FindByTypeAsync(["JOB.FAILED"]);
        var both = await store.FindByTypeAsync([AlertEventTypes.JobFailed, AlertEventTypes.ServiceDegraded]);
        var none = await store.FindByTypeAsync([AlertEventTypes.JobTimedOut]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(failures.Select(i => i.Id), Is.EqualTo(new[] { export.IncidentId, import.IncidentId }));
            Assert.That(failures.Select(i => i.OpeningEvent?.Source), Is.EqualTo(new[] { "export", "import" }));
            Assert.That(both, Has.Count.EqualTo(3));
            Assert.That(none, Is.Empty);
        }
    }

    [Test]
    public async Task Snapshot_KeepsTheOpeningEventAndThePhase()
    {
        var store = CreateStore();
        var opened = await store.RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        var updated = await store.SetPhaseAsync(opened.IncidentId, IncidentPhase.Identified);
        var e = updated!.OpeningEvent!;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(updated.Phase, Is.EqualTo(IncidentPhase.Identified));
            Assert.That((updated.EventType, updated.Source, updated.Severity, updated.Message), Is.EqualTo((AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, "Disk full")));
            Assert.That((e.Type, e.Source, e.Timestamp, e.Attributes["region"], e.Attributes["rows"]), Is.EqualTo((AlertEventTypes.JobFailed, "nightly-import", s_start, (object?)"eu-west-1", (object?)42L)));
        }
    }

    [Test]
    public async Task RecordEscalation_EachLevelFiresOnceWhoeverRunsItAndStopsOnAcknowledge()
    {
        var replicas = CreateReplicas(2);
        var opened = await replicas[0].RecordFiringAsync("failures", "k1", Failure(), s_start, Repeat);

        var first = await replicas[0].RecordEscalationAsync(opened.IncidentId, 0, 0, s_start);
        var rerun = await replicas[1].RecordEscalationAsync(opened.IncidentId, 0, 0, s_start.AddSeconds(30));
        var second = await replicas[1].RecordEscalationAsync(opened.IncidentId, 1, 0, s_start.AddMinutes(5));
        var stale = await replicas[0].RecordEscalationAsync(opened.IncidentId, 0, 0, s_start.AddMinutes(6));
        var nextRound = await replicas[0].RecordEscalationAsync(opened.IncidentId, 0, 1, s_start.AddMinutes(10));
        await replicas[1].AcknowledgeAsync(opened.IncidentId, "bob", null, s_start.AddMinutes(11));
        var afterAck = await replicas[0].RecordEscalationAsync(opened.IncidentId, 1, 1, s_start.AddMinutes(15));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((first.Fires, first.Incident?.EscalationLevel, first.Incident?.EscalationRound), Is.EqualTo((true, (int?)1, (int?)0)));
            Assert.That((rerun.Fires, rerun.Incident?.EscalationLevel), Is.EqualTo((false, (int?)1)), "the same level again: recorded already");
            Assert.That((second.Fires, second.Incident?.EscalationLevel), Is.EqualTo((true, (int?)2)));
            Assert.That((stale.Fires, stale.Incident?.EscalationLevel), Is.EqualTo((false, (int?)2)), "an earlier level after a later one");
            Assert.That((nextRound.Fires, nextRound.Incident?.EscalationLevel, nextRound.Incident?.EscalationRound), Is.EqualTo((true, (int?)1, (int?)1)));
            Assert.That(afterAck, Is.EqualTo(default(EscalationRecord)), "acknowledged: escalation stops");
        }
    }

    private static readonly GroupTiming s_timing = new(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    /// <summary>A firing alert of a grouped rule; its key (the effective dedup key) is <c>{type}:{source}</c>.</summary>
    private static AlertEvent Alert(string source, string type = AlertEventTypes.JobFailed) =>
        new(type, source, AlertSeverity.Error, $"{type} on {source}") { Timestamp = s_start };

    private static string KeyOf(string source, string type = AlertEventTypes.JobFailed) => $"{type}:{source}";

    /// <summary>Opens group g1 of rule "grouped" with <paramref name="source"/>'s alert and takes its first notification at the end of the group wait.</summary>
    private static async Task<string> OpenNotifiedGroupAsync(IIncidentStore store, string source = "db-1")
    {
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert(source), s_start, s_timing);
        await store.TakeGroupNotificationAsync(opened.IncidentId, s_start + s_timing.GroupWait);
        return opened.IncidentId;
    }

    [Test]
    public async Task RecordGroupAlert_NewGroup_OpensWithItsFirstNotificationDueAfterTheGroupWait()
    {
        var store = CreateStore();

        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start, s_timing);
        var group = await store.GetAsync(opened.IncidentId);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((opened.Opened, opened.Changed, opened.AllResolved, opened.Occurrences, opened.OpenedAt, opened.FlushAt, opened.Damped),
                Is.EqualTo((true, true, false, 1, s_start, (DateTimeOffset?)(s_start + s_timing.GroupWait), false)));
            Assert.That((group?.Key, group?.Occurrences, group?.OpeningEvent?.Source), Is.EqualTo(("g1", (int?)1, "db-1")));
            Assert.That(group!.Alerts.Select(a => (a.Key, a.Status, a.IsNew, a.FirstSeenAt, a.LastSeenAt, a.Occurrences, a.ResolvedAt, a.Event.Source)),
                Is.EqualTo(new[] { (KeyOf("db-1"), AlertStatus.Firing, true, s_start, s_start, 1, (DateTimeOffset?)null, "db-1") }));
        }
    }

    [Test]
    public async Task RecordGroupAlert_NewAlert_ChangedAndDueAGroupIntervalAfterTheLastNotification_OrNowOnceThatHasPassed()
    {
        var store = CreateStore();
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start, s_timing);
        var whileDue = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddSeconds(10), s_timing);
        var notifiedAt = s_start + s_timing.GroupWait;
        await store.TakeGroupNotificationAsync(opened.IncidentId, notifiedAt);

        var soon = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-3"), notifiedAt.AddMinutes(1), s_timing);
        await store.TakeGroupNotificationAsync(opened.IncidentId, notifiedAt + s_timing.GroupInterval);
        var lateAt = notifiedAt + (3 * s_timing.GroupInterval);
        var late = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-4"), lateAt, s_timing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((whileDue.Opened, whileDue.Changed, whileDue.FlushAt, whileDue.Occurrences), Is.EqualTo((false, true, (DateTimeOffset?)null, 2)), "the first notification is due already");
            Assert.That((soon.Changed, soon.FlushAt), Is.EqualTo((true, (DateTimeOffset?)(notifiedAt + s_timing.GroupInterval))));
            Assert.That((late.Changed, late.FlushAt), Is.EqualTo((true, (DateTimeOffset?)lateAt)));
            Assert.That(new[] { whileDue, soon, late }.Select(d => (d.IncidentId, d.OpenedAt)), Is.All.EqualTo((opened.IncidentId, s_start)));
        }
    }

    [Test]
    public async Task RecordGroupAlert_SameAlertAgain_CountedWithoutAChangeOrANotification()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        var at = s_start + s_timing.GroupWait + TimeSpan.FromMinutes(1);

        var again = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), at, s_timing);
        var alert = (await store.GetAsync(id))!.Alerts.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((again.Opened, again.Changed, again.FlushAt, again.Occurrences), Is.EqualTo((false, false, (DateTimeOffset?)null, 2)));
            Assert.That((alert.Occurrences, alert.FirstSeenAt, alert.LastSeenAt, alert.IsNew), Is.EqualTo((2, s_start, at, false)));
        }
    }

    [Test]
    public async Task RecordGroupAlert_UnchangedForTheRepeatInterval_DueNowUnlessAcknowledged()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        var notifiedAt = s_start + s_timing.GroupWait;

        var early = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), notifiedAt + s_timing.RepeatInterval - TimeSpan.FromSeconds(1), s_timing);
        var due = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), notifiedAt + s_timing.RepeatInterval, s_timing);
        await store.TakeGroupNotificationAsync(id, notifiedAt + s_timing.RepeatInterval);
        await store.AcknowledgeAsync(id, "alice", null, notifiedAt + s_timing.RepeatInterval);
        var acknowledged = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), notifiedAt + (3 * s_timing.RepeatInterval), s_timing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(early.FlushAt, Is.Null);
            Assert.That((due.Changed, due.FlushAt), Is.EqualTo((false, (DateTimeOffset?)(notifiedAt + s_timing.RepeatInterval))));
            Assert.That(acknowledged.FlushAt, Is.Null, "an acknowledged group is not repeated");
        }
    }

    [Test]
    public async Task RecordGroupAlert_ResolvedAlertFiresAgain_NewAgainAndChanged()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddMinutes(1), s_timing);
        await store.TakeGroupNotificationAsync(id, s_start.AddMinutes(6));
        await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1")], s_start.AddMinutes(7), s_timing);
        var at = s_start.AddMinutes(8);

        var again = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), at, s_timing);
        var alert = (await store.GetAsync(id))!.Alerts.Single(a => a.Key == KeyOf("db-1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((again.Changed, again.Damped, again.FlushAt), Is.EqualTo((true, false, (DateTimeOffset?)null)), "the resolve made a notification due already");
            Assert.That((alert.Status, alert.IsNew, alert.FirstSeenAt, alert.Occurrences, alert.ResolvedAt), Is.EqualTo((AlertStatus.Firing, true, at, 1, (DateTimeOffset?)null)));
        }
    }

    [Test]
    public async Task TakeGroupNotification_ShowsNewAndResolvedAlerts_ThenClearsNewAndDropsTheResolved()
    {
        var store = CreateStore();
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start, s_timing);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddSeconds(10), s_timing);
        var firstAt = s_start + s_timing.GroupWait;
        var first = await store.TakeGroupNotificationAsync(opened.IncidentId, firstAt);
        await store.ResolveGroupAlertsAsync(opened.IncidentId, [KeyOf("db-2")], firstAt.AddMinutes(1), s_timing);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-3"), firstAt.AddMinutes(2), s_timing);
        var secondAt = firstAt + s_timing.GroupInterval;

        var second = await store.TakeGroupNotificationAsync(opened.IncidentId, secondAt);
        var after = await store.GetAsync(opened.IncidentId);
        var unchanged = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-3"), secondAt.AddMinutes(1), s_timing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first!.Alerts.Select(a => (a.Key, a.Status, a.IsNew)), Is.EqualTo(new[] { (KeyOf("db-1"), AlertStatus.Firing, true), (KeyOf("db-2"), AlertStatus.Firing, true) }));
            Assert.That(second!.Alerts.Select(a => (a.Key, a.Status, a.IsNew, a.ResolvedAt)), Is.EqualTo(new[]
            {
                (KeyOf("db-1"), AlertStatus.Firing, false, (DateTimeOffset?)null),
                (KeyOf("db-2"), AlertStatus.Resolved, false, (DateTimeOffset?)firstAt.AddMinutes(1)),
                (KeyOf("db-3"), AlertStatus.Firing, true, (DateTimeOffset?)null),
            }));
            Assert.That(second.LastNotifiedAt, Is.EqualTo(firstAt), "shown as it stood before this notification");
            Assert.That(after!.Alerts.Select(a => (a.Key, a.IsNew)), Is.EqualTo(new[] { (KeyOf("db-1"), false), (KeyOf("db-3"), false) }));
            Assert.That(after.LastNotifiedAt, Is.EqualTo(secondAt));
            Assert.That(unchanged.FlushAt, Is.Null, "nothing is due after the notification");
        }
    }

    [Test]
    public async Task TakeGroupNotification_ResolvedMeanwhile_None()
    {
        var store = CreateStore();
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start, s_timing);
        await store.ResolveAsync(opened.IncidentId, s_start.AddSeconds(5));

        Assert.That(await store.TakeGroupNotificationAsync(opened.IncidentId, s_start + s_timing.GroupWait), Is.Null);
    }

    [Test]
    public async Task ResolveGroupAlerts_ANeverNotifiedAlertLeavesTheGroup_AllResolvedWhenNoneFires()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddMinutes(1), s_timing);
        await store.TakeGroupNotificationAsync(id, s_start.AddMinutes(6));
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-3"), s_start.AddMinutes(7), s_timing);

        var unheard = await store.ResolveGroupAlertsAsync(id, [KeyOf("db-3")], s_start.AddMinutes(8), s_timing);
        var unknown = await store.ResolveGroupAlertsAsync(id, [KeyOf("nowhere")], s_start.AddMinutes(8), s_timing);
        var heard = await store.ResolveGroupAlertsAsync(id, [KeyOf("db-2")], s_start.AddMinutes(9), s_timing);
        var afterHeard = await store.GetAsync(id);
        var last = await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1"), KeyOf("db-1")], s_start.AddMinutes(10), s_timing);
        await store.ResolveAsync(id, s_start.AddMinutes(10));
        var closed = await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1")], s_start.AddMinutes(11), s_timing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((unheard?.Changed, unheard?.AllResolved, unheard?.FlushAt), Is.EqualTo(((bool?)true, (bool?)false, (DateTimeOffset?)null)), "db-3 joining made a notification due already");
            Assert.That((unknown?.Changed, unknown?.AllResolved, unknown?.FlushAt), Is.EqualTo(((bool?)false, (bool?)false, (DateTimeOffset?)null)));
            Assert.That((heard?.Changed, heard?.AllResolved, heard?.Occurrences, heard?.OpenedAt), Is.EqualTo(((bool?)true, (bool?)false, (int?)3, (DateTimeOffset?)s_start)));
            Assert.That(afterHeard!.Alerts.Select(a => (a.Key, a.Status, a.ResolvedAt)), Is.EqualTo(new[]
            {
                (KeyOf("db-1"), AlertStatus.Firing, (DateTimeOffset?)null),
                (KeyOf("db-2"), AlertStatus.Resolved, (DateTimeOffset?)s_start.AddMinutes(9)),
            }), "db-3 was never notified: nobody hears of it");
            Assert.That((last?.Changed, last?.AllResolved, last?.FlushAt), Is.EqualTo(((bool?)true, (bool?)true, (DateTimeOffset?)null)));
            Assert.That(closed, Is.Null, "the group is not open");
        }
    }

    [Test]
    public async Task MarkResolvingThenAFiringAlert_DampedTakesTheResolveBackWithoutAChange()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        var resolved = await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1")], s_start.AddMinutes(2), s_timing);
        await store.MarkResolvingAsync(id, s_start.AddMinutes(2));

        var flap = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start.AddMinutes(3), s_timing);
        var waited = await store.ResolveAsync(id, s_start.AddMinutes(4), onlyIfResolving: true);
        var alert = (await store.GetAsync(id))!.Alerts.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolved?.AllResolved, Is.True);
            Assert.That((flap.Damped, flap.Changed, flap.Opened, flap.FlushAt, flap.IncidentId), Is.EqualTo((true, false, false, (DateTimeOffset?)null, id)));
            Assert.That(waited, Is.Null, "the flap cancelled the resolve");
            Assert.That((alert.Status, alert.IsNew, alert.FirstSeenAt, alert.Occurrences), Is.EqualTo((AlertStatus.Firing, false, s_start, 2)), "the alert goes on as it was");
            Assert.That(await store.FindGroupOfAlertAsync("grouped", KeyOf("db-1")), Has.Property(nameof(Incident.Id)).EqualTo(id));
        }
    }

    [Test]
    public async Task FindGroupOfAlert_TheOpenGroupWhereTheAlertFires()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddMinutes(1), s_timing);
        var other = await store.RecordGroupAlertAsync("grouped", "g2", Alert("web-1"), s_start.AddMinutes(1), s_timing);

        var whileFiring = await store.FindGroupOfAlertAsync("grouped", KeyOf("db-1"));
        await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1")], s_start.AddMinutes(2), s_timing);
        var afterResolve = await store.FindGroupOfAlertAsync("grouped", KeyOf("db-1"));
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1"), s_start.AddMinutes(3), s_timing);
        var firingAgain = await store.FindGroupOfAlertAsync("grouped", KeyOf("db-1"));
        var otherRule = await store.FindGroupOfAlertAsync("other-rule", KeyOf("db-1"));
        await store.ResolveAsync(id, s_start.AddMinutes(4));
        var afterClose = await store.FindGroupOfAlertAsync("grouped", KeyOf("db-2"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileFiring?.Id, Is.EqualTo(id));
            Assert.That(whileFiring?.Alerts.Select(a => a.Key), Is.EqualTo(new[] { KeyOf("db-1"), KeyOf("db-2") }));
            Assert.That(afterResolve, Is.Null);
            Assert.That(firingAgain?.Id, Is.EqualTo(id));
            Assert.That(otherRule, Is.Null);
            Assert.That(afterClose, Is.Null);
            Assert.That((await store.FindGroupOfAlertAsync("grouped", KeyOf("web-1")))?.Id, Is.EqualTo(other.IncidentId));
        }
    }

    [Test]
    public async Task FindBySourceAndByType_AGroupByTheSourceAndTypeOfAFiringAlert_NotOnceItResolved()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store, "db-1");
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("web-1", AlertEventTypes.ServiceDegraded), s_start.AddMinutes(1), s_timing);
        await store.TakeGroupNotificationAsync(id, s_start.AddMinutes(6));

        var bySource = await store.FindBySourceAsync("web-1", [AlertEventTypes.ServiceDegraded]);
        var otherType = await store.FindBySourceAsync("web-1", [AlertEventTypes.JobFailed]);
        var byType = await store.FindByTypeAsync(["SERVICE.DEGRADED"]);
        await store.ResolveGroupAlertsAsync(id, [KeyOf("web-1", AlertEventTypes.ServiceDegraded)], s_start.AddMinutes(7), s_timing);
        var bySourceAfter = await store.FindBySourceAsync("web-1", [AlertEventTypes.ServiceDegraded]);
        var byTypeAfter = await store.FindByTypeAsync([AlertEventTypes.ServiceDegraded]);
        var opening = await store.FindBySourceAsync("db-1", [AlertEventTypes.JobFailed]);
        await store.ResolveGroupAlertsAsync(id, [KeyOf("db-1")], s_start.AddMinutes(8), s_timing);
        var openingAfter = await store.FindBySourceAsync("db-1", [AlertEventTypes.JobFailed]);
        var openingTypeAfter = await store.FindByTypeAsync([AlertEventTypes.JobFailed]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(bySource.Select(i => i.Id), Is.EqualTo(new[] { id }), "found by an alert that did not open it");
            Assert.That(otherType, Is.Empty);
            Assert.That(byType.Select(i => i.Id), Is.EqualTo(new[] { id }));
            Assert.That(bySourceAfter, Is.Empty);
            Assert.That(byTypeAfter, Is.Empty);
            Assert.That(opening.Select(i => i.Id), Is.EqualTo(new[] { id }));
            Assert.That(openingAfter, Is.Empty, "a group is found by its firing alerts, its opening event included");
            Assert.That(openingTypeAfter, Is.Empty);
        }
    }

    [Test]
    public async Task ResolveGroupedIncident_FiringAlertsResolvedAndNeverNotifiedOnesDropped_NoLongerFound()
    {
        var store = CreateStore();
        var id = await OpenNotifiedGroupAsync(store);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("web-1", AlertEventTypes.ServiceDegraded), s_start.AddMinutes(1), s_timing);
        var at = s_start.AddMinutes(2);

        var resolved = await store.ResolveAsync(id, at);
        var reopened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-2"), s_start.AddMinutes(3), s_timing);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolved!.Alerts.Select(a => (a.Key, a.Status, a.ResolvedAt)), Is.EqualTo(new[] { (KeyOf("db-1"), AlertStatus.Resolved, (DateTimeOffset?)at) }),
                "the resolve shows what was notified");
            Assert.That(await store.FindGroupOfAlertAsync("grouped", KeyOf("db-1")), Is.Null);
            Assert.That(await store.FindBySourceAsync("web-1", [AlertEventTypes.ServiceDegraded]), Is.Empty);
            Assert.That((await store.FindByTypeAsync([AlertEventTypes.JobFailed])).Select(i => i.Id), Is.EqualTo(new[] { reopened.IncidentId }));
            Assert.That((reopened.Opened, reopened.IncidentId), Is.Not.EqualTo((false, id)));
            Assert.That(reopened.Opened, Is.True);
        }
    }

    [Test]
    public async Task Snapshots_AGroupsAlertsInTheOrderTheyJoined()
    {
        var store = CreateStore();
        string[] sources = ["zeta", "alpha", "mid", "beta", "omega"];
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert(sources[0]), s_start, s_timing);
        for (var i = 1; i < sources.Length; i++)
        {
            await store.RecordGroupAlertAsync("grouped", "g1", Alert(sources[i]), s_start.AddSeconds(i), s_timing);
        }

        var expected = sources.Select(s => KeyOf(s));
        var escalated = await store.RecordEscalationAsync(opened.IncidentId, 0, 0, s_start.AddMinutes(1));
        var phased = await store.SetPhaseAsync(opened.IncidentId, IncidentPhase.Identified);
        var acknowledged = await store.AcknowledgeAsync(opened.IncidentId, "alice", null, s_start.AddMinutes(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(escalated.Incident!.Alerts.Select(a => a.Key), Is.EqualTo(expected));
            Assert.That(phased!.Alerts.Select(a => a.Event.Source), Is.EqualTo(sources));
            Assert.That(acknowledged!.Alerts.Select(a => a.Key), Is.EqualTo(expected));
            Assert.That((await store.FindAsync("grouped", "g1"))!.Alerts.Select(a => a.Key), Is.EqualTo(expected));
            Assert.That(store.GetOpen().Single().Alerts.Select(a => a.Key), Is.EqualTo(expected));
        }
    }

    [Test]
    public async Task RecordGroupAlert_ReplicasRacingOnOneGroup_OpenedByExactlyOneWithEveryAlert()
    {
        var replicas = CreateReplicas(3);
        const int Alerts = 30;

        var decisions = await Task.WhenAll(Enumerable.Range(0, Alerts).Select(i => Task.Run(async () =>
            await replicas[i % replicas.Count].RecordGroupAlertAsync("grouped", "race", Alert($"host-{i}"), s_start, s_timing))));
        var group = await replicas[0].FindAsync("grouped", "race");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decisions.Count(d => d.Opened), Is.EqualTo(1), "one opening");
            Assert.That(decisions.Select(d => d.IncidentId).Distinct(), Is.EqualTo(new[] { group?.Id }));
            Assert.That(decisions.Select(d => d.Occurrences), Is.Unique.And.Contains(Alerts), "every event counted once");
            Assert.That(decisions.Count(d => d.FlushAt is not null), Is.EqualTo(1), "one notification scheduled");
            Assert.That(group!.Alerts.Select(a => a.Key), Is.EquivalentTo(Enumerable.Range(0, Alerts).Select(i => KeyOf($"host-{i}"))));
            Assert.That(group.Alerts, Has.All.Property(nameof(IncidentAlert.IsNew)).True);
        }
    }

    [Test]
    public async Task RecordFiring_ReplicasRacingOnTheSameKeys_EachIncidentOpenedByExactlyOne()
    {
        var replicas = CreateReplicas(3);
        const int Keys = 10;

        var decisions = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(async () =>
            await replicas[i % replicas.Count].RecordFiringAsync("failures", $"race-{i % Keys}", Failure(), s_start, Repeat))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decisions.Count(d => d.Opened), Is.EqualTo(Keys), "one opening per key");
            Assert.That(decisions.GroupBy(d => d.IncidentId).Select(g => g.Max(d => d.Occurrences)), Is.All.EqualTo(15), "every occurrence counted");
            Assert.That(decisions.Select(d => d.IncidentId).Distinct().Count(), Is.EqualTo(Keys));
        }
    }
}

[TestFixture]
public sealed class InMemoryIncidentStoreContractTests : IncidentStoreContractTests
{
    private protected override IIncidentStore CreateStore() => new InMemoryIncidentStore();

    private protected override bool KeepsResolved => false;

    private protected override IReadOnlyList<IIncidentStore> CreateReplicas(int count) => [.. Enumerable.Repeat(CreateStore(), count)];
}

/// <summary>The contract against a real Redis-protocol server, each replica with its own connection.</summary>
[TestFixture]
public sealed class RedisIncidentStoreContractTests : IncidentStoreContractTests
{
    private RedisReplicas _replicas = null!;

    [OneTimeSetUp]
    public void StartServer() => _replicas = new RedisReplicas();

    [OneTimeTearDown]
    public void StopServer() => _replicas.Dispose();

    private protected override IIncidentStore CreateStore() => CreateReplicas(1)[0];

    private protected override IReadOnlyList<IIncidentStore> CreateReplicas(int count) =>
        _replicas.Create<IIncidentStore>(count, (connection, options) => new RedisIncidentStore(connection, options));

    [Test]
    public async Task ResolvedGroup_LeavesNoIndexSet_AndItsHashExpires()
    {
        var (store, connection, prefix) = _replicas.Create(1, (c, o) => (new RedisIncidentStore(c, o), c, o.KeyPrefix))[0];
        var timing = new GroupTiming(TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        var at = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        AlertEvent Alert(string source, string type) => new(type, source, AlertSeverity.Error, "down") { Timestamp = at };
        var opened = await store.RecordGroupAlertAsync("grouped", "g1", Alert("db-1", AlertEventTypes.JobFailed), at, timing);
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("web-1", AlertEventTypes.ServiceDegraded), at.AddSeconds(1), timing);
        await store.TakeGroupNotificationAsync(opened.IncidentId, at.AddSeconds(30));
        await store.ResolveGroupAlertsAsync(opened.IncidentId, [$"{AlertEventTypes.ServiceDegraded}:web-1"], at.AddMinutes(1), timing);
        await store.TakeGroupNotificationAsync(opened.IncidentId, at.AddMinutes(6)); // web-1 leaves the group, its source still lists it
        await store.RecordGroupAlertAsync("grouped", "g1", Alert("cache-1", AlertEventTypes.JobTimedOut), at.AddMinutes(7), timing); // never notified

        await store.ResolveAsync(opened.IncidentId, at.AddMinutes(8));
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var left = server.Keys(pattern: prefix + "*").Select(k => k.ToString()[prefix.Length..]).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(left, Is.EquivalentTo(new[] { "incident:" + opened.IncidentId, "resolved:grouped\u001fg1" }), "no source, type, alert or open set lists it");
            Assert.That(await connection.GetDatabase().KeyTimeToLiveAsync(prefix + "incident:" + opened.IncidentId), Is.GreaterThan(TimeSpan.Zero));
        }
    }
}
