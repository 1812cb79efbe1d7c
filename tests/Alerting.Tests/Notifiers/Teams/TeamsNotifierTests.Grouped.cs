using System.Text;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Teams;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.Teams;

/// <summary>Grouped notifications: a fact per alert, within the body budget, and a fact counting the rest.</summary>
public partial class TeamsNotifierTests
{
    private static Notification Group(IReadOnlyList<NotificationAlert> alerts, string? payload = null) =>
        With(Notify(message: "3 alerts in region=eu", payload: payload, incidentId: "inc-7"), alerts);

    private static List<List<(string?, string?)>> FactSets(JsonElement card) =>
        [.. card.GetProperty("body").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "FactSet")
            .Select(b => b.GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("title").GetString(), f.GetProperty("value").GetString())).ToList())];

    [Test]
    public async Task SendAsync_GroupedNotification_ListsAFactPerAlertWithStateAndSourceThenTheIncident()
    {
        var card = Card(await SentAsync(Group(Three())));

        var sets = FactSets(card);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(card.GetProperty("body")[0].GetProperty("text").GetString(), Is.EqualTo($"ERROR: {Title}"));
            Assert.That(card.GetProperty("body")[1].GetProperty("text").GetString(), Is.EqualTo("3 alerts in region=eu"));
            Assert.That(sets, Has.Count.EqualTo(2));
            Assert.That(sets[0], Is.EqualTo(new[]
            {
                ("NEW · db-1", "db-1: Disk full"),
                ("FIRING · db-2", "db-2: Disk 91% full"),
                ("RESOLVED · db-3", "db-3: Disk has room again"),
            }));
            Assert.That(sets[1], Is.EqualTo(new[] { ("Incident", "inc-7 (key job.failed:nightly-import)"), ("Rule", "failures") }), "one event's source and type would mislead");
        }
    }

    [Test]
    public async Task SendAsync_GroupedMessageCard_ListsTheAlertsInASectionOfFacts()
    {
        var sent = await SentAsync(Group(Three()), o => o.Format = TeamsFormat.MessageCard);

        var alerts = sent.GetProperty("sections")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alerts.GetProperty("activityTitle").GetString(), Is.EqualTo("Alerts"));
            Assert.That(alerts.GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString())), Is.EqualTo(new[]
            {
                ("NEW · db-1", "db-1: Disk full"),
                ("FIRING · db-2", "db-2: Disk 91% full"),
                ("RESOLVED · db-3", "db-3: Disk has room again"),
            }));
            Assert.That(sent.GetProperty("sections")[1].GetProperty("facts")[0].GetProperty("name").GetString(), Is.EqualTo("Incident"));
        }
    }

    [TestCase(null, TeamsFormat.AdaptiveCard)]
    [TestCase(3_000, TeamsFormat.AdaptiveCard)]
    [TestCase(null, TeamsFormat.MessageCard)]
    public async Task SendAsync_GroupOf500Alerts_StaysWithinTheBodyBudgetAndTheLastFactSaysHowManyMore(int? textLength, TeamsFormat format)
    {
        var probe = CreateSut(o => o.Format = format);

        var result = await probe.SendAsync(Group(Many(500, textLength)), Accepted);

        var request = probe.Requests.Single();
        var facts = format == TeamsFormat.AdaptiveCard
            ? FactSets(Card(request.Json))[0]
            : [.. request.Json.GetProperty("sections")[0].GetProperty("facts").EnumerateArray().Select(f => (f.GetProperty("name").GetString(), f.GetProperty("value").GetString()))];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(Encoding.UTF8.GetByteCount(request.Body), Is.LessThanOrEqualTo(20_000));
            Assert.That(facts, Has.Count.InRange(5, 499));
            Assert.That(facts[^1], Is.EqualTo(($"…and {500 - (facts.Count - 1)} more alerts", "-")));
            Assert.That(facts[^2].Item1, Does.StartWith("NEW · host-").Or.StartWith("FIRING · host-"));
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileValuesAndAHugeMessage_StaysValidJsonWithinTheBudget()
    {
        var probe = CreateSut();
        var notification = With(Notify(message: new string('m', 100_000)), Hostiles(TemplateEscaping.None));

        await probe.SendAsync(notification, Accepted);

        var request = probe.Requests.Single();
        var facts = FactSets(Card(request.Json))[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(request.Body), Is.LessThanOrEqualTo(20_000));
            Assert.That(facts, Has.Count.EqualTo(3), "the message is cut, not the alerts");
            Assert.That(facts[0].Item1, Does.StartWith("NEW · a & b <!channel>").And.EndWith("…"), "the source is cut at 100 characters");
            Assert.That(facts[0].Item2, Does.StartWith("a & b <!channel>").And.EndWith("🚨1"));
            Assert.That(facts.SelectMany(f => f.Item1! + f.Item2).Where(char.IsControl), Is.All.EqualTo('\n'), "no NUL, ESC or CR");
        }
    }
}
