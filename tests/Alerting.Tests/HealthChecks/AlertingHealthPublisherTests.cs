using Alerting.HealthChecks;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.HealthChecks;

/// <summary>The health check publisher: a check's changes become events, once per change, deduplicated by the check.</summary>
[TestFixture]
public sealed class AlertingHealthPublisherTests
{
    private static readonly TimeSpan s_duration = TimeSpan.FromMilliseconds(42);

    private static AlertingHealthPublisher CreateSut(IAlertPublisher publisher, Action<AlertingHealthPublisherOptions>? configure = null, FakeLogger<AlertingHealthPublisher>? logger = null)
    {
        var options = new AlertingHealthPublisherOptions();
        configure?.Invoke(options);
        return new AlertingHealthPublisher(publisher, Options.Create(options), logger);
    }

    private static HealthReport Report(params (string Name, HealthStatus Status)[] checks) =>
        new(checks.ToDictionary(c => c.Name, c => Entry(c.Status)), s_duration);

    private static HealthReportEntry Entry(HealthStatus status, string? description = null, Exception? exception = null, params string[] tags) =>
        new(status, description, s_duration, exception, data: null, tags);

    [Test]
    public async Task PublishAsync_ACheckThatFailsStaysFlapsAndRecovers_PublishesEachChangeOnceWithOneDedupKey()
    {
        var publisher = new RecordingPublisher();
        var sut = CreateSut(publisher);
        HealthStatus[] statuses =
        [
            HealthStatus.Healthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Degraded,
            HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Healthy,
        ];

        foreach (var status in statuses)
        {
            await sut.PublishAsync(Report(("db", status), ("cache", HealthStatus.Healthy)), CancellationToken.None);
        }

        var events = publisher.Published;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(events.Select(e => e.Type), Is.EqualTo(new[] { "health.unhealthy", "health.degraded", "health.unhealthy", "health.recovered" }));
            Assert.That(events.Select(e => e.Status), Is.EqualTo(new[] { AlertStatus.Firing, AlertStatus.Firing, AlertStatus.Firing, AlertStatus.Resolved }));
            Assert.That(events.Select(e => e.Severity), Is.EqualTo(new[] { AlertSeverity.Error, AlertSeverity.Warning, AlertSeverity.Error, AlertSeverity.Info }));
            Assert.That(events.Select(e => e.Source), Is.All.EqualTo("db"));
            Assert.That(events.Select(e => e.DedupKey), Is.All.EqualTo("health:db"));
            Assert.That(events.Select(e => e.Attributes["previous_health_status"]), Is.EqualTo(new[] { "healthy", "unhealthy", "degraded", "unhealthy" }));
            Assert.That(events.Select(e => e.Attributes["health_status"]), Is.EqualTo(new[] { "unhealthy", "degraded", "unhealthy", "healthy" }));
        }
    }

    [Test]
    public async Task PublishAsync_Entry_AttributesAreItsStatusDescriptionDurationAndOrderedTags()
    {
        var publisher = new RecordingPublisher();
        var sut = CreateSut(publisher, o => o.DegradedSeverity = AlertSeverity.Critical);
        var report = new HealthReport(new Dictionary<string, HealthReportEntry> { ["db"] = Entry(HealthStatus.Degraded, "Ping took 2 s.", tags: ["ready", "db"]) }, s_duration);

        await sut.PublishAsync(report, CancellationToken.None);

        var e = publisher.Published.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That((e.Type, e.Severity, e.Message), Is.EqualTo(("health.degraded", AlertSeverity.Critical, "Ping took 2 s.")));
            Assert.That(e.Attributes["description"], Is.EqualTo("Ping took 2 s."));
            Assert.That(e.Attributes["duration"], Is.EqualTo(s_duration));
            Assert.That(e.Attributes["tags"], Is.EqualTo(new[] { "db", "ready" }));
            Assert.That(e.Attributes.ContainsKey("exception_type"), Is.False);
        }
    }

    [Test]
    public async Task PublishAsync_CheckThrew_PublishesTheExceptionTypeButNeitherItsMessageNorADescriptionQuotingIt()
    {
        const string secret = "Server=db;User Id=sa;Password=hunter2";
        var publisher = new RecordingPublisher();
        var sut = CreateSut(publisher);
        var thrown = new InvalidOperationException(secret);
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["threw"] = Entry(HealthStatus.Unhealthy, thrown.Message, thrown),
                ["quoted"] = Entry(HealthStatus.Unhealthy, "Cannot connect: " + thrown.Message, thrown),
            },
            s_duration);

        await sut.PublishAsync(report, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            foreach (var e in publisher.Published)
            {
                Assert.That(e.Attributes["exception_type"], Is.EqualTo("System.InvalidOperationException"));
                Assert.That(e.Attributes.ContainsKey("description"), Is.False);
                Assert.That(e.Message, Is.EqualTo("InvalidOperationException thrown."));
                Assert.That(e.Attributes.Values.OfType<string>(), Has.None.Contains("hunter2"));
            }

            Assert.That(publisher.Published, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task PublishAsync_QueueFull_LogsAndPublishesTheChangeWithTheNextReport()
    {
        var publisher = new RecordingPublisher { Refuse = 1 };
        var logger = new FakeLogger<AlertingHealthPublisher>();
        var sut = CreateSut(publisher, logger: logger);

        await sut.PublishAsync(Report(("db", HealthStatus.Unhealthy)), CancellationToken.None);
        await sut.PublishAsync(Report(("db", HealthStatus.Unhealthy)), CancellationToken.None);
        await sut.PublishAsync(Report(("db", HealthStatus.Unhealthy)), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(publisher.Published.Select(e => e.Type), Is.EqualTo(new[] { "health.unhealthy" }));
            Assert.That(logger.Collector.GetSnapshot().Select(r => r.Id.Name), Is.EqualTo(new[] { "HealthChangeNotPublished", "HealthChangePublished" }));
            Assert.That(logger.Collector.GetSnapshot()[0].Message, Is.EqualTo("Health check db went from healthy to unhealthy, but Alerting did not accept health.unhealthy (AlertQueueFullException); it is published again with the next report."));
        }
    }

    [Test]
    public async Task PublishAsync_Predicate_LeavesOutTheChecksItRejects()
    {
        var publisher = new RecordingPublisher();
        var sut = CreateSut(publisher, o => o.Predicate = (name, _) => name != "alerting");

        await sut.PublishAsync(Report(("alerting", HealthStatus.Degraded), ("db", HealthStatus.Degraded)), CancellationToken.None);

        Assert.That(publisher.Published.Select(e => e.Source), Is.EqualTo(new[] { "db" }));
    }

    [Test]
    public async Task PublishAsync_ThroughAlertingWithIncidents_OneTriggerAndOneResolveReachTheChannel()
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("health", r => r.ForTypes("health.*").Notify("ops"))
            .AddRule("done", r => r.ForTypes("test.done").WithoutIncidents().Notify("ops")));
        var sut = CreateSut(harness.Publisher);

        foreach (var status in new[] { HealthStatus.Unhealthy, HealthStatus.Degraded, HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy, HealthStatus.Healthy })
        {
            await sut.PublishAsync(Report(("db", status)), CancellationToken.None);
        }

        // One channel worker delivers in order: once this has arrived, everything published before it has its outcome.
        await harness.Publisher.PublishAndWaitAsync(new AlertEvent("test.done", "test"));

        var health = ops.Received.Where(n => n.Event.Type != "test.done").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(health.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
            Assert.That(health.Select(n => n.DedupKey), Is.All.EqualTo("health:db"));
            Assert.That(health[0].Title, Is.EqualTo("[ERROR] Health check db unhealthy (firing)"));
        }
    }

    [Test]
    public async Task PublishToAlerting_RegisteredTwice_OnePublisherWithTheOptions()
    {
        var services = new ServiceCollection();
        services.AddAlerting(_ => { });
        services.AddHealthChecks().PublishToAlerting(o => o.UnhealthySeverity = AlertSeverity.Critical).PublishToAlerting();
        await using var provider = services.BuildServiceProvider();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(provider.GetServices<IHealthCheckPublisher>().Single(), Is.TypeOf<AlertingHealthPublisher>());
            Assert.That(provider.GetRequiredService<IOptions<AlertingHealthPublisherOptions>>().Value.UnhealthySeverity, Is.EqualTo(AlertSeverity.Critical));
        }
    }

    [Test]
    public async Task PublishToAlerting_SeverityNotDefined_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddHealthChecks().PublishToAlerting(o => o.DegradedSeverity = (AlertSeverity)42);
        await using var provider = services.BuildServiceProvider();

        Assert.That(() => provider.GetRequiredService<IOptions<AlertingHealthPublisherOptions>>().Value, Throws.TypeOf<OptionsValidationException>());
    }

    /// <summary>An <see cref="IAlertPublisher"/> that records what it is given, refusing the first <see cref="Refuse"/> events as a full queue would.</summary>
    private sealed class RecordingPublisher : IAlertPublisher
    {
        private readonly List<AlertEvent> _published = [];

        public int Refuse { get; set; }

        public IReadOnlyList<AlertEvent> Published => _published;

        public ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
        {
            if (Refuse-- > 0)
            {
                throw new AlertQueueFullException();
            }

            _published.Add(alertEvent);
            return ValueTask.CompletedTask;
        }

        public Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();
    }
}
