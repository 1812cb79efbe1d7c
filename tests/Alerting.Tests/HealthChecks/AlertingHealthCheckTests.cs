using System.Globalization;
using System.Net;
using Alerting.Diagnostics;
using Alerting.HealthChecks;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.HealthChecks;

/// <summary>The Alerting health check: its status, description and data for each state Alerting can be in.</summary>
[TestFixture]
public sealed class AlertingHealthCheckTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static AlertingHealthSnapshot Snapshot(
        IReadOnlyList<ChannelHealth>? channels = null,
        int queueLength = 0,
        AlertingDispatchState state = AlertingDispatchState.Running,
        DateTimeOffset? lastDroppedAt = null,
        DateTimeOffset? lastRefusedAt = null,
        int? outboxBacklog = null,
        SharedStoreHealth? store = null) => new()
        {
            Timestamp = s_now,
            Window = TimeSpan.FromMinutes(5),
            State = state,
            QueueLength = queueLength,
            QueueCapacity = 100,
            DroppedEvents = lastDroppedAt is null ? 0 : 4,
            LastDroppedAt = lastDroppedAt,
            RefusedEvents = lastRefusedAt is null ? 0 : 2,
            LastRefusedAt = lastRefusedAt,
            OutboxBacklog = outboxBacklog,
            Channels = channels ?? [Channel("ops")],
            SharedStore = store,
        };

    private static ChannelHealth Channel(string name, ChannelCircuitState circuit = ChannelCircuitState.Closed, int delivered = 0, int failed = 0, int queueLength = 0, string? lastFailure = null) => new()
    {
        Name = name,
        Circuit = circuit,
        Delivered = delivered,
        Failed = failed,
        QueueLength = queueLength,
        QueueCapacity = 10,
        LastFailureReasonTag = lastFailure ?? (failed > 0 ? DeliveryReasonTags.Transient : null),
    };

    private static HealthCheckResult Evaluate(AlertingHealthSnapshot snapshot, Action<AlertingHealthCheckOptions>? configure = null, HealthStatus failureStatus = HealthStatus.Unhealthy)
    {
        var options = new AlertingHealthCheckOptions();
        configure?.Invoke(options);
        return AlertingHealthCheck.Evaluate(snapshot, options, failureStatus);
    }

    private static string[] Strings(HealthCheckResult result, string key) => (string[])result.Data[key];

    public static IEnumerable<TestCaseData> Findings()
    {
        TestCaseData Case(string name, AlertingHealthSnapshot snapshot, HealthStatus status, string reason, string? channel, string sentence) =>
            new TestCaseData(snapshot, status, reason, channel, sentence).SetArgDisplayNames(name);

        yield return Case("circuit open", Snapshot([Channel("ops"), Channel("ops-slack", ChannelCircuitState.Open)]), HealthStatus.Degraded, "circuit_open", "ops-slack", "Channel ops-slack: circuit open");
        yield return Case("circuit half-open", Snapshot([Channel("ops-slack", ChannelCircuitState.HalfOpen)]), HealthStatus.Degraded, "circuit_half_open", "ops-slack", "Channel ops-slack: circuit half-open");
        yield return Case("some failed", Snapshot([Channel("sms", delivered: 3, failed: 5)]), HealthStatus.Degraded, "delivery_failures", "sms", "Channel sms: 5 of 8 deliveries within the last 5 minutes failed (last: transient).");
        yield return Case("all failed, fewer than 3", Snapshot([Channel("sms", failed: 2)]), HealthStatus.Degraded, "delivery_failures", "sms", "Channel sms: 2 of 2 deliveries");
        yield return Case("all failed", Snapshot([Channel("sms", failed: 3, lastFailure: "permanent")]), HealthStatus.Unhealthy, "all_deliveries_failed", "sms", "Channel sms: all 3 deliveries within the last 5 minutes failed (last: permanent).");
        yield return Case("channel queue filling", Snapshot([Channel("mail", queueLength: 8)]), HealthStatus.Degraded, "queue_filling", "mail", "Channel mail's queue is filling up (8 of 10).");
        yield return Case("channel queue full", Snapshot([Channel("mail", queueLength: 10)]), HealthStatus.Degraded, "queue_full", "mail", "Channel mail's queue is full (10 of 10).");
        yield return Case("event queue filling", Snapshot(queueLength: 80), HealthStatus.Degraded, "queue_filling", null, "The event queue is filling up (80 of 100).");
        yield return Case("event queue full", Snapshot(queueLength: 100), HealthStatus.Unhealthy, "queue_full", null, "The event queue is full (100 of 100).");
        yield return Case("dropped recently", Snapshot(lastDroppedAt: s_now.AddMinutes(-4)), HealthStatus.Unhealthy, "events_dropped", null, "Events were dropped from the full queue within the last 5 minutes (4 since Alerting started).");
        yield return Case("refused recently", Snapshot(lastRefusedAt: s_now.AddMinutes(-1)), HealthStatus.Unhealthy, "events_refused", null, "Events were refused by the full queue within the last 5 minutes (2 since Alerting started).");
        yield return Case("outbox backlog", Snapshot(outboxBacklog: 1000), HealthStatus.Degraded, "outbox_backlog", null, "1000 events in the outbox wait for their outcomes.");
        yield return Case("stopped", Snapshot(state: AlertingDispatchState.Stopped), HealthStatus.Unhealthy, "stopped", null, "Alerting has stopped: no event is accepted.");
        yield return Case(
            "store unreachable",
            Snapshot(store: new SharedStoreHealth { StoreName = "redis", IsReachable = false, UnreachableSince = s_now.AddMinutes(-3), LocalDecisions = 12 }),
            HealthStatus.Degraded,
            "store_unreachable",
            null,
            "The shared redis store cannot be reached since 2026-11-22 08:57:00Z: this instance decides alone (12 decisions so far).");
    }

    [TestCaseSource(nameof(Findings))]
    public void Evaluate_Problem_ReportsItsStatusReasonChannelAndSentence(AlertingHealthSnapshot snapshot, HealthStatus status, string reason, string? channel, string sentence)
    {
        var result = Evaluate(snapshot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(status));
            Assert.That(result.Description, Does.Contain(sentence));
            Assert.That(Strings(result, "reasons"), Is.EqualTo(new[] { reason }));
            Assert.That(Strings(result, "channels"), Is.EqualTo(channel is null ? Array.Empty<string>() : new[] { channel }));
            if (channel is not null)
            {
                Assert.That(Strings(result, $"channel.{channel}.reasons"), Is.EqualTo(new[] { reason }));
                Assert.That(result.Data[$"channel.{channel}.status"], Is.EqualTo(status == HealthStatus.Degraded ? "degraded" : "unhealthy"));
            }
        }
    }

    [Test]
    public void Evaluate_NothingWrong_HealthyWithEveryChannelsFigures()
    {
        var snapshot = Snapshot([Channel("ops", delivered: 7), Channel("pager", ChannelCircuitState.None)], queueLength: 3, outboxBacklog: 3);

        var result = Evaluate(snapshot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(result.Description, Is.EqualTo("Alerting is healthy: 2 channel(s), 3 of 100 events queued."));
            Assert.That(result.Data["state"], Is.EqualTo("running"));
            Assert.That((result.Data["queue_length"], result.Data["queue_capacity"], result.Data["outbox_backlog"]), Is.EqualTo((3, 100, 3)));
            Assert.That(Strings(result, "reasons"), Is.Empty);
            Assert.That(result.Data["channel.ops.circuit"], Is.EqualTo("closed"));
            Assert.That(result.Data["channel.ops.delivered"], Is.EqualTo(7));
            Assert.That(result.Data["channel.pager.circuit"], Is.EqualTo("none"));
            Assert.That(result.Data.Keys, Has.None.EndsWith(".status").And.None.EndsWith(".last_failure"));
        }
    }

    [Test]
    public void Evaluate_EventsDroppedBeforeTheWindow_Healthy()
    {
        var result = Evaluate(Snapshot(lastDroppedAt: s_now.AddMinutes(-6), lastRefusedAt: s_now.AddMinutes(-5)));

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(result.Data["dropped_events"], Is.EqualTo(4L), "the total since the start is still reported");
    }

    [Test]
    public void Evaluate_SeveralProblems_TheWorstWinsAndEachIsNamed()
    {
        var snapshot = Snapshot([Channel("ops-slack", ChannelCircuitState.Open, failed: 4), Channel("mail", queueLength: 9)], queueLength: 85);

        var result = Evaluate(snapshot);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(Strings(result, "reasons"), Is.EqualTo(new[] { "queue_filling", "circuit_open", "all_deliveries_failed" }));
            Assert.That(Strings(result, "channels"), Is.EqualTo(new[] { "ops-slack", "mail" }));
            Assert.That(Strings(result, "channel.ops-slack.reasons"), Is.EqualTo(new[] { "circuit_open", "all_deliveries_failed", }));
            Assert.That(result.Data["channel.ops-slack.status"], Is.EqualTo("unhealthy"));
            Assert.That(result.Data["channel.mail.status"], Is.EqualTo("degraded"));
            Assert.That(result.Description, Does.StartWith("The event queue is filling up (85 of 100). Channel ops-slack: circuit open"));
        }
    }

    [Test]
    public void Evaluate_FailureStatusDegraded_UnhealthyFindingsReportDegraded()
    {
        var result = Evaluate(Snapshot(queueLength: 100), failureStatus: HealthStatus.Degraded);

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Degraded));
    }

    [Test]
    public void Evaluate_ThresholdsChanged_Apply()
    {
        var snapshot = Snapshot([Channel("sms", failed: 1)], queueLength: 85, outboxBacklog: 5000);

        var result = Evaluate(snapshot, o =>
        {
            o.DegradedQueueFill = 0.9;
            o.DegradedOutboxBacklog = null;
            o.UnhealthyFailedDeliveries = 1;
        });

        Assert.That((result.Status, Strings(result, "reasons").Single()), Is.EqualTo((HealthStatus.Unhealthy, "all_deliveries_failed")));
    }

    [Test]
    public void AddAlerting_ThresholdsOutOfRange_ThrowsNamingEach()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        var thrown = Assert.Throws<ArgumentException>(() => builder.AddAlerting(configure: o =>
        {
            o.Window = TimeSpan.FromSeconds(30);
            o.DegradedQueueFill = 1.5;
            o.DegradedOutboxBacklog = 0;
            o.UnhealthyFailedDeliveries = 0;
        }));

        Assert.That(thrown!.Message, Does.StartWith("Alerting health check 'alerting': Window must be between one minute and one hour (was 00:00:30).")
            .And.Contain("DegradedQueueFill must be more than 0 and at most 1 (was 1.5).")
            .And.Contain("DegradedOutboxBacklog must be at least 1 when set (was 0).")
            .And.Contain("UnhealthyFailedDeliveries must be at least 1 (was 0)."));
    }

    [Test]
    public async Task CheckHealthAsync_ThroughHealthCheckService_UsesItsNameTagsAndWindow()
    {
        RecordingSink sms = null!;
        await using var harness = AlertingHarness.Create(
            a => a
                .AddRecording("sms", out sms)
                .ConfigureChannel("sms", c => c.Retry.MaxAttempts = 1)
                .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("sms")),
            s => s.AddHealthChecks().AddAlerting("alerting-self", tags: ["ready"], configure: o => o.Window = TimeSpan.FromMinutes(10)));
        sms.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("HTTP 403"));
        await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        harness.Time.Advance(TimeSpan.FromMinutes(7));

        var report = await harness.Get<HealthCheckService>().CheckHealthAsync();

        var entry = report.Entries["alerting-self"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Degraded), entry.Description);
            Assert.That(entry.Tags, Is.EquivalentTo(new[] { "ready" }));
            Assert.That(entry.Description, Is.EqualTo("Channel sms: 1 of 1 deliveries within the last 10 minutes failed (last: permanent)."));
            Assert.That(entry.Data["channel.sms.last_failure"], Is.EqualTo("permanent"));
        }
    }

    [Test]
    public async Task CheckHealthAsync_SecretsInTheChannelsOptionsAndTheProvidersAnswers_AppearNowhereInTheResult()
    {
        const string pathSecret = "T0/B0/s3cr3t-p4th";
        const string querySecret = "s1gn4ture";
        const string signingSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        const string headerSecret = "Bearer h34der-t0ken";
        const string routingKey = "R0UT1NGK3Y0123456789abcdef012345";
        using var mock = new MockHttpMessageHandler();
        mock.When("https://hooks.example.com/*").Respond(HttpStatusCode.ServiceUnavailable, "text/plain", $"hook {pathSecret} {querySecret} is down");
        mock.When("https://events.pagerduty.com/*").Respond(HttpStatusCode.BadRequest, "application/json", $$"""{"status":"invalid event","message":"bad key {{routingKey}}"}""");
        await using var harness = AlertingHarness.Create(
            a => a
                .AddWebhook("ops-hook", o =>
                {
                    o.Url = $"https://hooks.example.com/services/{pathSecret}?sig={querySecret}";
                    o.SigningSecret = signingSecret;
                    o.Headers["Authorization"] = headerSecret;
                    o.Http.CircuitBreakerFailureThreshold = 1;
                })
                .AddPagerDuty("pager", o => o.RoutingKey = routingKey)
                .ConfigureChannel("ops-hook", c => c.Retry.MaxAttempts = 1)
                .ConfigureChannel("pager", c => c.Retry.MaxAttempts = 1)
                .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops-hook").Notify("pager")),
            s =>
            {
                s.AddHttpClient("Alerting.ops-hook").ConfigurePrimaryHttpMessageHandler(() => mock);
                s.AddHttpClient("Alerting.pager").ConfigurePrimaryHttpMessageHandler(() => mock);
                s.AddHealthChecks().AddAlerting();
            });
        for (var i = 0; i < 3; i++)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        }

        var entry = (await harness.Get<HealthCheckService>().CheckHealthAsync()).Entries["alerting"];

        var shown = entry.Description + "\n" + string.Join("\n", entry.Data.Select(d => d.Key + "=" + (d.Value is string[] a ? string.Join(",", a) : Convert.ToString(d.Value, CultureInfo.InvariantCulture))));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy), entry.Description);
            Assert.That(entry.Description, Does.Contain("Channel ops-hook: circuit open").And.Contain("Channel pager: all 3 deliveries"));
            Assert.That(entry.Data["channels"], Is.EqualTo(new[] { "ops-hook", "pager" }));
            foreach (var secret in new[] { pathSecret, "s3cr3t", querySecret, signingSecret, "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "h34der-t0ken", routingKey, "hooks.example.com", "pagerduty.com" })
            {
                Assert.That(shown, Does.Not.Contain(secret));
            }
        }
    }
}
