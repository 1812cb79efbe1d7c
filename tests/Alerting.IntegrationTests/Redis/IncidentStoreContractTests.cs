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
}
