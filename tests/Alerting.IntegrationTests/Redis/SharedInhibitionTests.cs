using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;
using static Alerting.IntegrationTests.Redis.SharedIncidentTests;

namespace Alerting.IntegrationTests.Redis;

/// <summary>Inhibitions across replicas: the inhibiting incident lives in the shared store, whoever opened it.</summary>
[TestFixture]
public sealed class SharedInhibitionTests
{
    private RedisTestServer _server = null!;

    [OneTimeSetUp]
    public void StartServer() => _server = RedisTestServer.Start();

    [OneTimeTearDown]
    public void StopServer() => _server.Dispose();

    [Test]
    public async Task TwoReplicas_ServiceDegradedOpenedOnA_JobOfThatServicePublishedOnB_IsInhibited()
    {
        var sent = new Sent();
        var prefix = $"test-{Guid.NewGuid():N}:";
        ServiceProvider Replica() => new ServiceCollection()
            .AddSingleton(sent)
            .AddAlerting(a => a
                .UseRedis(_server.Configuration, prefix)
                .AddNotifier<CountingNotifier, CountingOptions>("pager")
                .AddRule("everything", r => r.Notify("pager"))
                .AddServiceInhibition())
            .BuildServiceProvider();
        await using var a = Replica();
        await using var b = Replica();
        AlertEvent Event(string type, string source, AlertStatus status = AlertStatus.Firing) => new(type, source, AlertSeverity.Error, "sample")
        {
            Attributes = new Dictionary<string, object?> { ["service"] = "db" },
            Status = status,
            DedupKey = type == AlertEventTypes.JobFailed ? null : "service.degraded:db",
        };

        var degraded = await a.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Event(AlertEventTypes.ServiceDegraded, "db")).WaitAsync(TimeSpan.FromSeconds(30));
        var job = await b.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Event(AlertEventTypes.JobFailed, "db-backup")).WaitAsync(TimeSpan.FromSeconds(30));
        await b.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Event(AlertEventTypes.ServiceRecovered, "db", AlertStatus.Resolved)).WaitAsync(TimeSpan.FromSeconds(30));
        var after = await a.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Event(AlertEventTypes.JobFailed, "db-backup")).WaitAsync(TimeSpan.FromSeconds(30));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(job.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Inhibited));
            Assert.That(job.Outcomes.Single().Reason, Does.Contain($"incident {degraded.Outcomes.Single().IncidentId} (service.degraded from db)"));
            Assert.That(after.AllDelivered, Is.True, "the service recovered, resolved from replica B");
            Assert.That(sent.Notifications.Count(n => n.Kind == NotificationKind.Trigger && n.DedupKey == "job.failed:db-backup"), Is.EqualTo(1));
        }
    }
}
