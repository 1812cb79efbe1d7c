using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class SilenceTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Publish_DuringSilence_IsSuppressedAndCountedThenNotifiesOnceItExpires()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.Notify("ops"))
            .AddSilence("db-maintenance", s =>
            {
                s.StartsAt = s_start.AddMinutes(10);
                s.EndsAt = s_start.AddMinutes(40);
                s.Sources.Add("db-*");
                s.Comment = "planned upgrade";
            }));

        var before = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "db-backup"));
        harness.Time.Advance(TimeSpan.FromMinutes(15));
        var during = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "db-restore"));
        var otherSource = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "web"));
        harness.Time.Advance(TimeSpan.FromMinutes(25));
        var after = await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "db-restore"));

        Assert.Multiple(() =>
        {
            Assert.That(before.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "not yet started");
            Assert.That(during.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That(during.Outcomes.Single().Reason, Is.EqualTo("Silenced by 'db-maintenance' until 2026-11-22 09:40:00Z: planned upgrade"));
            Assert.That(otherSource.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "the silence matches db-* only");
            Assert.That(after.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "the silenced event opened no incident");
            Assert.That(ops.Received, Has.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task Publish_ResolveDuringSilence_StillReachesTheChannels()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.Notify("ops")));
        var failure = Some.Event();
        await harness.Publisher.PublishAndWaitAsync(failure);

        harness.Get<IIncidentManager>().AddSilence("all", new SilenceOptions { EndsAt = s_start.AddHours(1) });
        var repeat = await harness.Publisher.PublishAndWaitAsync(Some.Event());
        await harness.Publisher.PublishAndWaitAsync(failure.ToResolved());

        Assert.Multiple(() =>
        {
            Assert.That(repeat.Outcomes.Single().Reason, Does.StartWith("Silenced by 'all'"));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        });
    }

    [Test]
    public async Task RemoveSilence_EndsItEarly()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.Notify("ops")));
        var manager = harness.Get<IIncidentManager>();
        manager.AddSilence("all", new SilenceOptions { EndsAt = s_start.AddHours(1), EventTypes = ["job.*"] });

        var silenced = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var removed = manager.RemoveSilence("ALL");
        var missing = manager.RemoveSilence("all");
        var delivered = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.Multiple(() =>
        {
            Assert.That(silenced.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
            Assert.That((removed, missing), Is.EqualTo((true, false)));
            Assert.That(delivered.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        });
    }

    [Test]
    public async Task AddSilenceAsync_ThenRemoveSilenceAsync_SuppressesThenDeliversAgain()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.Notify("ops")));
        var manager = harness.Get<IIncidentManager>();

        await manager.AddSilenceAsync("deploy", new SilenceOptions { EndsAt = s_start.AddHours(1) });
        var silenced = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var removed = await manager.RemoveSilenceAsync("Deploy");
        var delivered = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.Multiple(() =>
        {
            Assert.That(silenced.Outcomes.Single().Reason, Does.StartWith("Silenced by 'deploy'"));
            Assert.That(removed, Is.True);
            Assert.That(delivered.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        });
    }

    [Test]
    public async Task AddSilence_OnOneInstance_SilencesAnotherSharingTheStore_AndRemovalThereEndsItOnBoth()
    {
        var shared = new InMemorySilenceStore();
        AlertingHarness Instance() => AlertingHarness.Create(
            a => a.AddRecording("ops", out _).AddRule("failures", r => r.Notify("ops")),
            services => services.AddSingleton<ISilenceStore>(shared));
        await using var a = Instance();
        await using var b = Instance();
        await b.Publisher.PublishAndWaitAsync(Some.Problem()); // B runs before the silence is added

        a.Get<IIncidentManager>().AddSilence("maintenance", new SilenceOptions { EndsAt = s_start.AddHours(1), Sources = ["nightly-*"] });
        var onB = await b.Publisher.PublishAndWaitAsync(Some.Problem());
        var removed = b.Get<IIncidentManager>().RemoveSilence("maintenance");
        var onA = await a.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.Multiple(() =>
        {
            Assert.That(onB.Outcomes.Single().Reason, Does.StartWith("Silenced by 'maintenance'"), "added on A, in force on B");
            Assert.That(removed, Is.True);
            Assert.That(onA.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "removed on B, ended on A");
        });
    }

    [Test]
    public async Task AddSilence_NamedAsAConfiguredSilence_TakesItsPlaceUntilRemoved()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.Notify("ops"))
            .AddSilence("maintenance", s =>
            {
                s.EndsAt = s_start.AddHours(1);
                s.Sources.Add("db-*");
            }));
        var manager = harness.Get<IIncidentManager>();
        var configured = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "db-restore"));

        manager.AddSilence("MAINTENANCE", new SilenceOptions { EndsAt = s_start.AddHours(1), Sources = ["web"] });
        var dbDuringRuntime = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "db-restore"));
        var webDuringRuntime = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "web"));
        manager.RemoveSilence("maintenance");
        var dbAfter = await harness.Publisher.PublishAndWaitAsync(Some.Problem(source: "db-restore"));

        Assert.That(
            new[] { configured, dbDuringRuntime, webDuringRuntime, dbAfter }.Select(r => r.Outcomes.Single().Status),
            Is.EqualTo(new[] { DeliveryOutcomeStatus.Suppressed, DeliveryOutcomeStatus.Delivered, DeliveryOutcomeStatus.Suppressed, DeliveryOutcomeStatus.Suppressed }));
    }

    [Test]
    public async Task RemoveSilence_FromConfiguration_ReturnsFalseAndTheSilenceHolds()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddRule("failures", r => r.Notify("ops"))
            .AddSilence("maintenance", s => s.EndsAt = s_start.AddHours(1)));
        await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        var removed = harness.Get<IIncidentManager>().RemoveSilence("maintenance");
        var after = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        Assert.That((removed, after.Outcomes.Single().Status), Is.EqualTo((false, DeliveryOutcomeStatus.Suppressed)));
    }

    [Test]
    public async Task SilenceStore_HoldsAnInvalidSilence_ItIsLoggedAndNotInForce()
    {
        var store = new InMemorySilenceStore();
        await store.SetAsync("broken", new SilenceOptions { EndsAt = s_start.AddHours(1), Sources = [" "] });
        using var logs = new LogSignal();
        await using var harness = AlertingHarness.Create(
            a => a.AddRecording("ops", out _).AddRule("failures", r => r.Notify("ops")),
            services => services.AddSingleton<ISilenceStore>(store).AddLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Debug)));

        var delivered = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        var logged = await logs.NextAsync(1402, TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(logged, Does.Contain("broken").And.Contain("Sources[0] is empty"));
            Assert.That(delivered.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        });
    }

    [Test]
    public async Task AddSilence_WithoutEndOrWithBadPattern_ThrowsNamingEachProblem()
    {
        await using var harness = AlertingHarness.Create(a => a.AddRecording("ops", out _));

        var ex = Assert.Throws<AlertingConfigurationException>(() => harness.Get<IIncidentManager>().AddSilence("s", new SilenceOptions
        {
            Sources = [" "],
        }));

        Assert.That(ex!.Errors, Is.EqualTo(new[]
        {
            "Silence 's': Sources[0] is empty; remove it or give a name or pattern.",
            "Silence 's': EndsAt is required; a silence without an end would hide problems forever.",
        }));
    }

    [Test]
    public async Task Validate_SilenceStartingAfterItEnds_IsReported()
    {
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out _)
            .AddSilence("s", s =>
            {
                s.StartsAt = s_start.AddHours(2);
                s.EndsAt = s_start.AddHours(1);
            }));

        var ex = Assert.Throws<OptionsValidationException>(() => _ = harness.Get<IOptions<AlertingOptions>>().Value);

        Assert.That(ex!.Failures, Is.EqualTo(new[] { "Silence 's': StartsAt must be before EndsAt (were 2026-11-22 11:00:00Z and 2026-11-22 10:00:00Z)." }));
    }

    [Test]
    public async Task Silences_FromConfiguration_SuppressMatchingEvents()
    {
        const string json = """
            {
              "Alerting": {
                "Channels": { "ops": { "Type": "console", "Output": "Logger" } },
                "Rules": { "failures": { "Actions": [ { "Channel": "ops" } ] } },
                "Silences": {
                  "eu-maintenance": {
                    "EndsAt": "2026-11-22T12:00:00Z",
                    "Attributes": [ { "Name": "region", "Value": "eu" } ],
                    "Comment": "network work"
                  }
                }
              }
            }
            """;
        await using var harness = ConfiguredAlerting.Create(json);

        var eu = await harness.Publisher.PublishAndWaitAsync(Some.Problem(attributes: new Dictionary<string, object?> { ["region"] = "eu" }));
        var us = await harness.Publisher.PublishAndWaitAsync(Some.Problem(attributes: new Dictionary<string, object?> { ["region"] = "us" }));

        Assert.That(
            (eu.Outcomes.Single().Status, us.Outcomes.Single().Status),
            Is.EqualTo((DeliveryOutcomeStatus.Suppressed, DeliveryOutcomeStatus.Delivered)));
    }
}
