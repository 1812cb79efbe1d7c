using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Incidents;

[TestFixture]
public sealed class IncidentUpdateTests
{
    [Test]
    public async Task UpdateAsync_Phase_TellsTheIncidentsChannelsAndRoutesByAudience()
    {
        RecordingSink ops = null!;
        RecordingSink status = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .ConfigureChannel("ops", c => c.MaxConcurrency = 1) // one worker keeps the updates in order
            .AddRecording("status", out status)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops"))
            .AddRule("business-updates", r => r
                .ForTypes(AlertEventTypes.IncidentUpdated)
                .WhenAttribute("audience", "business")
                .Notify("status", x => x.Title = "{source}: {phase}")));
        Incident? technical;
        Incident? business;
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event(source: "billing"));
            var manager = harness.Get<IIncidentManager>();
            var id = manager.GetOpenIncidents().Single().Id;

            technical = await manager.UpdateAsync(id, IncidentPhase.Investigating, "Looking at the database", "ada");
            business = await manager.UpdateAsync(id, IncidentPhase.Identified, "Invoices are delayed by an hour", "ada", IncidentAudience.Business);
            Assert.That(manager.GetOpenIncidents().Single().Phase, Is.EqualTo(IncidentPhase.Identified));
        }

        Assert.Multiple(() =>
        {
            Assert.That(technical!.Phase, Is.EqualTo(IncidentPhase.Investigating));
            Assert.That(business!.Phase, Is.EqualTo(IncidentPhase.Identified));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Update, NotificationKind.Update }));
            Assert.That(ops.Received[2].Message, Does.Contain("[Identified] Invoices are delayed by an hour (ada)"));
            Assert.That(ops.Received[2].DedupKey, Is.EqualTo(ops.Received[0].DedupKey));
            Assert.That(status.Received.Select(n => n.Title), Is.EqualTo(new[] { "billing: identified" }), "only the business update reaches the business rule");
        });
    }

    [Test]
    public async Task UpdateAsync_Resolved_ResolvesTheIncident()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")));
        Incident? resolved;
        await using (harness)
        {
            await harness.Publisher.PublishAndWaitAsync(Some.Event());
            var manager = harness.Get<IIncidentManager>();

            resolved = await manager.UpdateAsync(manager.GetOpenIncidents().Single().Id, IncidentPhase.Resolved, "Disk replaced", "ada");
            Assert.That(manager.GetOpenIncidents(), Is.Empty);
        }

        Assert.Multiple(() =>
        {
            Assert.That((resolved!.Status, resolved.Phase), Is.EqualTo((IncidentStatus.Resolved, IncidentPhase.Resolved)));
            Assert.That(ops.Received.Select(n => n.Kind), Is.EqualTo(new[] { NotificationKind.Trigger, NotificationKind.Resolve }));
        });
    }

    [Test]
    public async Task UpdateAsync_UnknownIncident_ReturnsNullAndSendsNothing()
    {
        RecordingSink ops = null!;
        var harness = AlertingHarness.Create(a => a
            .AddRecording("ops", out ops)
            .AddRule("all", r => r.Notify("ops")));
        Incident? updated;
        await using (harness)
        {
            updated = await harness.Get<IIncidentManager>().UpdateAsync("nope", IncidentPhase.Monitoring, "Watching", "ada");
        }

        Assert.That((updated, ops.Received.Count), Is.EqualTo(((Incident?)null, 0)));
    }
}
