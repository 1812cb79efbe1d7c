using System.Text;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.PagerDuty;

/// <summary>Grouped notifications: the alerts in <c>custom_details</c>, within the body limit.</summary>
public partial class PagerDutyNotifierTests
{
    private static Notification Group(IReadOnlyList<NotificationAlert> alerts, string? payload = null) =>
        With(Notify(payload: payload), alerts);

    private static JsonElement Details(JsonElement body) => body.GetProperty("payload").GetProperty("custom_details");

    [Test]
    public async Task SendAsync_GroupedNotification_CustomDetailsListTheAlertsBesideTheAttributesWithCounts()
    {
        var body = await SentBodyAsync(Group(Three()));

        var details = Details(body);
        var alerts = details.GetProperty("alerts").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(body.GetProperty("payload").GetProperty("summary").GetString(), Is.EqualTo(Title));
            Assert.That(details.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "region", "rows", "alerts", "alerts_firing", "alerts_resolved" }));
            Assert.That(details.GetProperty("region").GetString(), Is.EqualTo("eu-west"));
            Assert.That(alerts, Has.Count.EqualTo(3));
            Assert.That(alerts[0].EnumerateObject().Select(p => (p.Name, p.Value.ToString())), Is.EqualTo(new[]
            {
                ("state", "new"), ("source", "db-1"), ("type", "job.failed"), ("severity", "critical"), ("message", "Disk full"),
                ("link", "https://grafana.example/d/db-1?from=now-1h&to=now"), ("first_seen", "2026-11-22T09:00:00.0000000+00:00"), ("occurrences", "1"),
            }));
            Assert.That(alerts.Select(a => a.GetProperty("state").GetString()), Is.EqualTo(new[] { "new", "firing", "resolved" }));
            Assert.That(alerts[1].GetProperty("occurrences").GetInt32(), Is.EqualTo(4));
            Assert.That(alerts[1].GetProperty("link").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(alerts[2].GetProperty("link").ValueKind, Is.EqualTo(JsonValueKind.Null), "a javascript: link is left out");
            Assert.That(details.GetProperty("alerts_firing").GetInt32(), Is.EqualTo(2));
            Assert.That(details.GetProperty("alerts_resolved").GetInt32(), Is.EqualTo(1));
            Assert.That(details.TryGetProperty("alerts_omitted", out _), Is.False);
        }
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithAPayloadTemplate_CustomDetailsAreTheTemplateAsIs()
    {
        var body = await SentBodyAsync(Group(Three(), payload: """{"runbook":"r-1"}"""));

        Assert.That(Details(body).ToString(), Is.EqualTo("""{"runbook":"r-1"}"""));
    }

    [Test]
    public async Task SendAsync_GroupOf500ShortAlerts_ListsThemAll()
    {
        var details = Details(await SentBodyAsync(Group(Many(500))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(details.GetProperty("alerts").GetArrayLength(), Is.EqualTo(500));
            Assert.That(details.TryGetProperty("alerts_omitted", out _), Is.False);
            Assert.That(details.GetProperty("alerts_firing").GetInt32(), Is.EqualTo(500));
        }
    }

    [Test]
    public async Task SendAsync_GroupOf500LongAlerts_KeepsTheFirstWithinTheBodyLimitAndCountsTheOthers()
    {
        var body = await SentBodyAsync(Group(Many(500, textLength: 5_000)));

        var details = Details(body);
        var alerts = details.GetProperty("alerts").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(body.GetRawText()), Is.LessThanOrEqualTo(512_000));
            Assert.That(alerts, Has.Count.InRange(100, 499));
            Assert.That(alerts[0].GetProperty("source").GetString(), Is.EqualTo("host-001"), "the first alerts are kept");
            Assert.That(alerts[0].GetProperty("message").GetString(), Has.Length.EqualTo(1024).And.EndWith("…"));
            Assert.That(details.GetProperty("alerts_omitted").GetInt32(), Is.EqualTo(500 - alerts.Count));
            Assert.That(details.GetProperty("alerts_firing").GetInt32(), Is.EqualTo(500), "counted over every alert");
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileValues_StaysValidJsonWithCleanCutFields()
    {
        var body = await SentBodyAsync(Group(Hostiles(TemplateEscaping.None)));

        var alerts = Details(body).GetProperty("alerts").EnumerateArray().ToList();
        var texts = alerts.SelectMany(a => new[] { a.GetProperty("source").GetString()!, a.GetProperty("message").GetString()! }).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alerts, Has.Count.EqualTo(3));
            Assert.That(alerts[0].GetProperty("source").GetString(), Does.StartWith("a & b <!channel>").And.EndWith("🚨1"));
            Assert.That(alerts[0].GetProperty("message").GetString(), Has.Length.LessThanOrEqualTo(1024).And.EndWith("…"));
            Assert.That(texts.SelectMany(t => t).Where(char.IsControl), Is.All.EqualTo('\n'), "no NUL, ESC or CR");
            Assert.That(alerts[0].GetProperty("link").GetString(), Does.StartWith("https://grafana.example/d/x?q=%22%3E%3Cscript%3E"));
        }
    }
}
