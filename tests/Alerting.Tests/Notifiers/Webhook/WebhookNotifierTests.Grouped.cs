using System.Text;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Webhook;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.Webhook;

/// <summary>Grouped notifications: the default JSON body gets the alerts; payload templates and forms are as they were.</summary>
public partial class WebhookNotifierTests
{
    private static Notification Group(IReadOnlyList<NotificationAlert> alerts, string? payload = null) => With(Notify(payload: payload), alerts);

    [Test]
    public async Task SendAsync_GroupedNotification_TheDefaultBodyGetsTheAlertsAfterTheEventsFields()
    {
        var (_, single) = await SentAsync(Notify());
        var (_, body) = await SentAsync(Group(Three()));

        var json = JsonDocument.Parse(body).RootElement;
        var alerts = json.GetProperty("alerts").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.EnumerateObject().Select(p => p.Name), Is.EqualTo(
                JsonDocument.Parse(single).RootElement.EnumerateObject().Select(p => p.Name).Append("alerts")), "no counts: only PagerDuty has them");
            Assert.That(json.GetProperty("attributes").GetProperty("rows").GetInt32(), Is.EqualTo(42));
            Assert.That(alerts.Select(a => a.GetProperty("state").GetString()), Is.EqualTo(new[] { "new", "firing", "resolved" }));
            Assert.That(alerts[0].EnumerateObject().Select(p => (p.Name, p.Value.ToString())), Is.EqualTo(new[]
            {
                ("state", "new"), ("source", "db-1"), ("type", "job.failed"), ("severity", "critical"), ("message", "Disk full"),
                ("link", "https://grafana.example/d/db-1?from=now-1h&to=now"), ("first_seen", "2026-11-22T09:00:00.0000000+00:00"), ("occurrences", "1"),
            }));
            Assert.That(alerts[2].GetProperty("link").ValueKind, Is.EqualTo(JsonValueKind.Null), "a javascript: link is left out");
        }
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithAPayloadTemplateOrAsAForm_SendsThemAsForOneEvent()
    {
        var (_, templated) = await SentAsync(Group(Three(), payload: """{"text":"5 disks full"}"""));
        var (_, form) = await SentAsync(Group(Three()), o => o.Format = WebhookBodyFormat.Form);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(templated, Is.EqualTo("""{"text":"5 disks full"}"""));
            Assert.That(form, Does.Not.Contain("&alerts").And.StartWith("type=job.failed&source=nightly-import&"));
        }
    }

    [Test]
    public async Task SendAsync_GroupOf500LongAlerts_ListsTheFirstWithinItsBudgetAndCountsTheOthers()
    {
        var (_, body) = await SentAsync(Group(Many(500, textLength: 5_000)));

        var json = JsonDocument.Parse(body).RootElement;
        var alerts = json.GetProperty("alerts");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(body), Is.LessThanOrEqualTo(260_000));
            Assert.That(alerts.GetArrayLength(), Is.InRange(100, 499));
            Assert.That(json.GetProperty("alerts_omitted").GetInt32(), Is.EqualTo(500 - alerts.GetArrayLength()));
            Assert.That(alerts[0].GetProperty("message").GetString(), Has.Length.EqualTo(1024).And.EndWith(NotifierCapabilities.TruncationMarker));
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileValues_StaysValidJson()
    {
        var (_, body) = await SentAsync(Group(Hostiles(TemplateEscaping.None)));

        var alerts = JsonDocument.Parse(body).RootElement.GetProperty("alerts").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alerts, Has.Count.EqualTo(3));
            Assert.That(alerts[1].GetProperty("source").GetString(), Does.StartWith("a & b <!channel> <https://evil.example|click> \"quoted\"").And.EndWith("🚨2"));
            Assert.That(alerts.SelectMany(a => a.GetProperty("source").GetString()! + a.GetProperty("message").GetString()).Where(char.IsControl), Is.All.EqualTo('\n'));
        }
    }
}
