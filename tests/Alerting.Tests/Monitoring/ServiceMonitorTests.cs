using Alerting.Monitoring;

namespace Alerting.Tests.Monitoring;

/// <summary>Service instances that expire when they stop reporting, and <c>service.degraded</c> / <c>service.recovered</c>.</summary>
[TestFixture]
public sealed class ServiceMonitorTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task ReportHealthy_InstanceStopsReporting_DegradesWithInstanceIdsThenRecovers()
    {
        await using var rig = await Rig(minimum: 2);

        rig.Services.ReportHealthy("api", "api-1");
        rig.Services.ReportHealthy("api", "api-2");
        rig.Time.Advance(TimeSpan.FromSeconds(20));
        rig.Services.ReportHealthy("api", "api-1");
        rig.Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        var beforeExpiry = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));
        rig.Time.Advance(TimeSpan.FromSeconds(5));
        rig.Services.ReportHealthy("api", "api-1");
        rig.Services.ReportHealthy("api", "api-2");

        var events = rig.Events;
        Assert.Multiple(() =>
        {
            Assert.That(beforeExpiry, Is.Zero);
            Assert.That(events.Select(e => (e.Type, e.Status)), Is.EqualTo(new[]
            {
                (AlertEventTypes.ServiceDegraded, AlertStatus.Firing),
                (AlertEventTypes.ServiceRecovered, AlertStatus.Resolved),
            }));
            Assert.That(events.Select(e => e.DedupKey), Is.All.EqualTo("service.degraded:api"));
            Assert.That(events[0].Attributes["healthy_instances"], Is.EqualTo(new[] { "api-1" }));
            Assert.That(events[0].Attributes["unhealthy_instances"], Is.EqualTo(new[] { "api-2" }));
            Assert.That(events[0].Attributes["healthy_count"], Is.EqualTo(1));
            Assert.That(events[0].Message, Is.EqualTo("api has 1 healthy instance(s), below its minimum of 2."));
            Assert.That(events[1].Attributes["healthy_instances"], Is.EqualTo(new[] { "api-1", "api-2" }));
        });
    }

    [Test]
    public async Task ReportHealthy_MoreInstancesExpireWhileDegraded_DegradesOnce()
    {
        await using var rig = await Rig(minimum: 3);

        foreach (var id in new[] { "a", "b", "c" })
        {
            rig.Services.ReportHealthy("api", id);
        }

        rig.Time.Advance(TimeSpan.FromSeconds(20));
        rig.Services.ReportHealthy("api", "a");
        rig.Services.ReportHealthy("api", "b");
        rig.Time.Advance(TimeSpan.FromSeconds(20));
        rig.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.That(rig.OfType(AlertEventTypes.ServiceDegraded).Select(e => e.Attributes["unhealthy_count"]), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task RegisteredService_NoInstanceReportsWithinTimeout_Degrades()
    {
        await using var rig = await Rig(minimum: 1);

        rig.Time.Advance(s_timeout - TimeSpan.FromMilliseconds(1));
        var before = rig.Events.Count;
        rig.Time.Advance(TimeSpan.FromMilliseconds(1));

        var degraded = rig.OfType(AlertEventTypes.ServiceDegraded);
        Assert.Multiple(() =>
        {
            Assert.That(before, Is.Zero);
            Assert.That(degraded, Has.Count.EqualTo(1));
            Assert.That(degraded[0].Attributes["healthy_count"], Is.Zero);
        });
    }

    [Test]
    public async Task ReportHealthy_UnregisteredService_TrackedWithDefaults()
    {
        await using var rig = await MonitorRig.StartAsync(_ => { });

        rig.Services.ReportHealthy("worker", "w-1");
        rig.Time.Advance(new MonitoredServiceOptions().InstanceHeartbeatTimeout);

        Assert.That(rig.Events.Select(e => (e.Type, e.Source)), Is.EqualTo(new[] { (AlertEventTypes.ServiceDegraded, "worker") }));
    }

    private static Task<MonitorRig> Rig(int minimum) => MonitorRig.StartAsync(a => a.AddService("api", s =>
    {
        s.MinimumHealthyInstances = minimum;
        s.InstanceHeartbeatTimeout = s_timeout;
    }));
}
