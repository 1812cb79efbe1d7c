using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class InhibitionTests
{
    private static AlertEvent Degraded(string service) => Some.Event(
        AlertEventTypes.ServiceDegraded, service, dedupKey: $"service.degraded:{service}",
        attributes: new Dictionary<string, object?> { ["service"] = service, ["healthy_count"] = 0 });

    private static AlertEvent Recovered(string service) => Some.Event(
        AlertEventTypes.ServiceRecovered, service, AlertSeverity.Info, status: AlertStatus.Resolved, dedupKey: $"service.degraded:{service}",
        attributes: new Dictionary<string, object?> { ["service"] = service, ["healthy_count"] = 3 });

    private static AlertEvent JobFailed(string job, string service) => Some.Event(
        AlertEventTypes.JobFailed, job, attributes: new Dictionary<string, object?> { ["job"] = job, ["service"] = service });

    [Test]
    public async Task Publish_JobOfDegradedService_IsSuppressedWithReasonUntilTheServiceRecovers()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("everything", r => r.Notify("ops"))
            .AddServiceInhibition());

        var degraded = await harness.Publisher.PublishAndWaitAsync(Degraded("db"));
        var dbJob = await harness.Publisher.PublishAndWaitAsync(JobFailed("db-backup", "db"));
        var webJob = await harness.Publisher.PublishAndWaitAsync(JobFailed("web-report", "web"));
        var recovered = await harness.Publisher.PublishAndWaitAsync(Recovered("db"));
        var dbJobAfter = await harness.Publisher.PublishAndWaitAsync(JobFailed("db-backup", "db"));

        var suppressed = dbJob.Outcomes.Single();
        var incidentId = degraded.Outcomes.Single().IncidentId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(degraded.AllDelivered, Is.True);
            Assert.That(suppressed.Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(suppressed.ReasonTag, Is.EqualTo(DeliveryReasonTags.Inhibited));
            Assert.That(suppressed.Reason, Is.EqualTo($"Inhibited by 'service-degraded-mutes-jobs': incident {incidentId} (service.degraded from db) is open."));
            Assert.That(incidentId, Is.Not.Null);
            Assert.That(webJob.AllDelivered, Is.True, "a job of another service");
            Assert.That(recovered.Outcomes.Select(o => o.Status), Is.EquivalentTo(new[] { DeliveryOutcomeStatus.Delivered, DeliveryOutcomeStatus.Suppressed }), "the incident resolves once, by the source recovering");
            Assert.That(ops.Received.Count(n => n.Kind == NotificationKind.Resolve), Is.EqualTo(1));
            Assert.That(dbJobAfter.AllDelivered, Is.True, "the service recovered");
            Assert.That(ops.Received.Where(n => n.Kind == NotificationKind.Trigger).Select(n => (n.Event.Type, n.Event.Source)), Is.EqualTo(new[]
            {
                (AlertEventTypes.ServiceDegraded, "db"),
                (AlertEventTypes.JobFailed, "web-report"),
                (AlertEventTypes.JobFailed, "db-backup"),
            }));
            Assert.That(ops.Received.Select(n => n.Kind).ToList().IndexOf(NotificationKind.Resolve), Is.EqualTo(2), "the service's resolve went out before the job notified again");
            Assert.That(harness.Get<INotificationHistory>().GetRecent().Count(o => o.ReasonTag == DeliveryReasonTags.Inhibited), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Publish_ServiceDegradedInAGroupOpenedByAnotherService_StillInhibitsItsJobs()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("services", r => r.ForTypes(AlertEventTypes.ServiceDegraded).GroupIncidentsBy("type").Notify("ops"))
            .AddRule("jobs", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops"))
            .AddServiceInhibition());

        await harness.Publisher.PublishAndWaitAsync(Degraded("cache"));
        await harness.Publisher.PublishAndWaitAsync(Degraded("db"));
        var dbJob = await harness.Publisher.PublishAndWaitAsync(JobFailed("db-backup", "db"));
        await harness.Publisher.PublishAndWaitAsync(Recovered("db"));
        var dbJobAfter = await harness.Publisher.PublishAndWaitAsync(JobFailed("db-vacuum", "db"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(dbJob.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Inhibited), "db's alert is in the group cache opened");
            Assert.That(dbJobAfter.AllDelivered, Is.True, "db's alert resolved while cache's still fires");
        }
    }

    [Test]
    public async Task Publish_ResolveOfJobNotifiedBeforeTheServiceDegraded_StillGoesOut()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("everything", r => r.Notify("ops"))
            .AddServiceInhibition());
        var failure = JobFailed("db-backup", "db");

        await harness.Publisher.PublishAndWaitAsync(failure);
        await harness.Publisher.PublishAndWaitAsync(Degraded("db"));
        var resolve = await harness.Publisher.PublishAndWaitAsync(failure.ToResolved("recovered"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(resolve.AllDelivered, Is.True);
            Assert.That(ops.Received.Where(n => n.Event.Type == AlertEventTypes.JobFailed).Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        }
    }

    [Test]
    public async Task Publish_EventMatchingSourceAndTarget_DoesNotInhibitItself()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("everything", r => r.Notify("ops"))
            .AddInhibition("degraded-mutes-services", i => i
                .Source(s => s.ForTypes(AlertEventTypes.ServiceDegraded))
                .Target(t => t.ForTypes("service.*"))));

        var first = await harness.Publisher.PublishAndWaitAsync(Degraded("db"));
        var repeat = await harness.Publisher.PublishAndWaitAsync(Degraded("db"));
        var other = await harness.Publisher.PublishAndWaitAsync(Degraded("cache"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.AllDelivered, Is.True);
            Assert.That(repeat.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Deduplicated), "its own incident does not inhibit it");
            Assert.That(other.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Inhibited), "another service's is inhibited: Equal is empty");
        }
    }

    [Test]
    public async Task Publish_InhibitionEqualOnAField_ComparesThatField()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("everything", r => r.Notify("ops"))
            .AddInhibition("outage-mutes-same-source", i => i
                .Source(s => s.ForTypes("host.down"))
                .Target(t => t.WithMinimumSeverity(AlertSeverity.Warning))
                .WhenEqual("source", "environment")));

        await harness.Publisher.PublishAndWaitAsync(Some.Event("host.down", "eu-1", environment: "prod"));
        var same = await harness.Publisher.PublishAndWaitAsync(Some.Event("disk.full", "EU-1", environment: "prod"));
        var otherEnvironment = await harness.Publisher.PublishAndWaitAsync(Some.Event("disk.full", "eu-1", environment: "staging"));
        var otherSource = await harness.Publisher.PublishAndWaitAsync(Some.Event("disk.full", "eu-2", environment: "prod"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(same.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Inhibited));
            Assert.That(otherEnvironment.AllDelivered, Is.True);
            Assert.That(otherSource.AllDelivered, Is.True);
        }
    }

    [Test]
    public async Task AddAlerting_InhibitionFromConfiguration_IsBoundAndApplied()
    {
        var section = JsonConfiguration.AlertingSection("""
            {
              "Alerting": {
                "Rules": { "everything": { "Actions": [ { "Channel": "ops" } ] } },
                "Inhibitions": {
                  "db-down-mutes-jobs": {
                    "SourceMatchers": { "EventTypes": [ "service.degraded" ], "Sources": [ "db" ] },
                    "TargetMatchers": { "EventTypes": [ "job.*" ], "MinimumSeverity": "Warning", "Attributes": [ { "Name": "service", "Value": "db" } ] },
                    "Equal": [ "service" ]
                  }
                }
              }
            }
            """);
        var services = new ServiceCollection().AddSingleton<TimeProvider>(new Microsoft.Extensions.Time.Testing.FakeTimeProvider());
        services.AddAlerting(section, a => a.AddRecording("ops", out _));
        await using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertingOptions>>().Value.Inhibitions["DB-DOWN-MUTES-JOBS"];
        var publisher = provider.GetRequiredService<IAlertPublisher>();

        await publisher.PublishAndWaitAsync(Degraded("db"));
        var job = await publisher.PublishAndWaitAsync(JobFailed("db-backup", "db"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(options.SourceMatchers.EventTypes, Is.EqualTo(new[] { "service.degraded" }));
            Assert.That(options.SourceMatchers.Sources, Is.EqualTo(new[] { "db" }));
            Assert.That(options.TargetMatchers.MinimumSeverity, Is.EqualTo(AlertSeverity.Warning));
            Assert.That(options.TargetMatchers.Attributes.Single().Value, Is.EqualTo("db"));
            Assert.That(options.Equal, Is.EqualTo(new[] { "service" }));
            Assert.That(job.Outcomes.Single().Reason, Does.StartWith("Inhibited by 'db-down-mutes-jobs': incident "));
        }
    }

    [Test]
    public async Task Validate_InhibitionProblems_AreEachNamed()
    {
        var section = JsonConfiguration.AlertingSection("""
            {
              "Alerting": {
                "Inhibitions": {
                  "typo": {
                    "SourceMatchers": { "EventTypes": [ "service.degraded" ], "Source": [ "db" ] },
                    "TargetMatcher": { "EventTypes": [ "job.*" ] }
                  }
                }
              }
            }
            """);
        var services = new ServiceCollection();
        services.AddAlerting(section, a => a
            .AddRecording("ops", out _)
            .AddRule("services", r => r.ForTypes("service.*").Notify("ops"))
            .AddInhibition("empty", _ => { })
            .AddInhibition("patterned", i => i.Source(s => s.ForTypes("service.*")).Target(t => t.ForTypes("job.failed")))
            .AddInhibition("never", i => i
                .Source(s => s.ForTypes(AlertEventTypes.ServiceDegraded).WhenAttribute("tier", "gold"))
                .Target(t => t.ForTypes(AlertEventTypes.JobFailed).WhenAttribute("tier", "silver"))
                .WhenEqual("tier", "type", "timestamp", "attributes.", "tier", " "))
            .AddInhibition("no-rule", i => i.Source(s => s.ForTypes("host.down")).Target(t => t.ForTypes("job.failed"))));
        await using var provider = services.BuildServiceProvider();

        var problems = provider.GetRequiredService<IAlertingTester>().Validate();

        Assert.That(problems, Is.SupersetOf(new[]
        {
            "Inhibition 'typo': SourceMatchers.Source is not a setting (known: EventTypes, Sources, MinimumSeverity, Environments, Attributes).",
            "Inhibition 'typo': TargetMatcher is not a setting (known: Enabled, SourceMatchers, TargetMatchers, Equal).",
            "Inhibition 'typo': TargetMatchers is empty; it would hold back every event. Give at least one condition.",
            "Inhibition 'empty': SourceMatchers.EventTypes is empty; name the event types of the inhibiting incidents (open incidents are looked up by type).",
            "Inhibition 'empty': TargetMatchers is empty; it would hold back every event. Give at least one condition.",
            "Inhibition 'patterned': SourceMatchers.EventTypes 'service.*' is a pattern; name exact types (open incidents are looked up by type).",
            "Inhibition 'never': Equal[2] 'timestamp' is an event field that differs from event to event; name source, type, environment, severity or an attribute.",
            "Inhibition 'never': Equal[3] 'attributes.' names no attribute.",
            "Inhibition 'never': Equal[4] 'tier' repeats Equal[0].",
            "Inhibition 'never': Equal[5] is empty; remove it or name a field or an attribute.",
            "Inhibition 'no-rule': no enabled rule with incidents takes SourceMatchers.EventTypes 'host.down', so no incident of it can open and inhibit; add a rule for it.",
        }));
    }

    [Test]
    public async Task Validate_InhibitionWhoseSourceAndTargetCanNeverShareTheEqualValues_IsNamed()
    {
        var services = new ServiceCollection();
        services.AddAlerting(a => a
            .AddRecording("ops", out _)
            .AddRule("everything", r => r.Notify("ops"))
            .AddInhibition("never", i => i
                .Source(s => s.ForTypes(AlertEventTypes.ServiceDegraded).WhenAttribute("tier", "gold"))
                .Target(t => t.ForTypes(AlertEventTypes.JobFailed).WhenAttribute("tier", "silver"))
                .WhenEqual("tier", "type")));
        await using var provider = services.BuildServiceProvider();

        var problems = provider.GetRequiredService<IAlertingTester>().Validate();

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Inhibition 'never': Equal names 'tier', but SourceMatchers.Attributes 'tier' (gold) and TargetMatchers.Attributes 'tier' (silver) share no value, so no source can ever inhibit a target.",
            "Inhibition 'never': Equal names 'type', but SourceMatchers.EventTypes (service.degraded) and TargetMatchers.EventTypes (job.failed) share no value, so no source can ever inhibit a target.",
        }));
    }

    [Test]
    public async Task FindByTypeAsync_InMemory_ReturnsOpenIncidentsOfThoseTypesOldestFirst()
    {
        var store = new InMemoryIncidentStore();
        var now = DateTimeOffset.UnixEpoch;
        var db = await store.RecordFiringAsync("r", "a", Degraded("db"), now, TimeSpan.FromHours(1));
        await store.RecordFiringAsync("r", "b", JobFailed("x", "db"), now, TimeSpan.FromHours(1));
        var cache = await store.RecordFiringAsync("r", "c", Degraded("cache"), now.AddSeconds(1), TimeSpan.FromHours(1));
        var closed = await store.RecordFiringAsync("r", "d", Degraded("web"), now, TimeSpan.FromHours(1));
        await store.ResolveAsync(closed.IncidentId, now);

        var found = await store.FindByTypeAsync(["SERVICE.DEGRADED"]);

        Assert.That(found.Select(i => i.Id), Is.EqualTo(new[] { db.IncidentId, cache.IncidentId }));
    }
}
