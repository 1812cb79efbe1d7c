using System.Text;
using Alerting.Notifiers;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.Email;

/// <summary>Grouped notifications: a table of the alerts in the card, their lines in the text part.</summary>
public sealed partial class EmailNotifierPickupTests
{
    private static Notification Group(IReadOnlyList<NotificationAlert> alerts, string? body = null) =>
        With(EmailNotifications.Trigger(message: "3 alerts in region=eu", body: body), alerts);

    /// <summary>The rows of the alert table, each as its cells' inner HTML.</summary>
    private static List<string[]> AlertRows(string html)
    {
        var table = html[html.IndexOf("<th ", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        return [.. table.Split("<tr>").Skip(1).Select(row => row.Split("</td>").SkipLast(1).Select(cell => cell[(cell.IndexOf('>', StringComparison.Ordinal) + 1)..]).ToArray())];
    }

    [Test]
    public async Task SendAsync_GroupedNotification_CardHasATableOfTheAlertsAndTheTextPartTheirLines()
    {
        var (message, _) = await SendAndReadAsync(Group(Three()));

        var html = message.HtmlBody!;
        var rows = AlertRows(html);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain(">State</th>").And.Contains(">Severity</th>").And.Contains(">Source</th>").And.Contains(">Type</th>").And.Contains(">Message</th>").And.Contains(">Link</th>"));
            Assert.That(rows, Has.Count.EqualTo(3));
            Assert.That(rows[0], Is.EqualTo(new[] { "NEW", "Critical", "db-1", "job.failed", "Disk full", "<a href=\"https://grafana.example/d/db-1?from=now-1h&amp;to=now\" style=\"color:#1d4ed8;\">Open</a>" }));
            Assert.That(rows[1], Is.EqualTo(new[] { "FIRING", "Warning", "db-2", "job.failed", "Disk 91% full", string.Empty }));
            Assert.That(rows[2], Is.EqualTo(new[] { "RESOLVED", "Error", "db-3", "job.failed", "Disk has room again", string.Empty }), "a javascript: link is left out");
            Assert.That(html, Does.Not.Contain("javascript:"));
            Assert.That(html, Does.Not.Contain(">Event</td>"), "one event's source and type would mislead for a group");
            Assert.That(message.TextBody!.ReplaceLineEndings("\n"), Does.Contain(
                "Status: firing\nTime: 2026-11-22 09:12:00 UTC\n\nNEW db-1: Disk full\n    https://grafana.example/d/db-1?from=now-1h&to=now\nFIRING db-2: Disk 91% full\nRESOLVED db-3: Disk has room again\n"));
        }
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithABodyTemplate_TheTemplateIsTheHtmlPart()
    {
        var (message, _) = await SendAndReadAsync(Group(Three(), body: "<p>Custom</p>"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.HtmlBody, Is.EqualTo("<p>Custom</p>"));
            Assert.That(message.TextBody, Does.Contain("NEW db-1: Disk full"));
        }
    }

    [TestCase(null)]
    [TestCase(5_000)]
    public async Task SendAsync_GroupOf500Alerts_StaysUnderGmailsClippingSizeAndTheLastRowSaysHowManyMore(int? textLength)
    {
        var (message, _) = await SendAndReadAsync(Group(Many(500, textLength)));

        var html = message.HtmlBody!;
        var rows = AlertRows(html);
        var more = $"…and {500 - (rows.Count - 1)} more alerts";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Encoding.UTF8.GetByteCount(html), Is.LessThan(102_000));
            Assert.That(rows, Has.Count.InRange(20, 499));
            Assert.That(rows[^1], Is.EqualTo(new[] { more }));
            Assert.That(rows[0][4], Has.Length.LessThanOrEqualTo(500));
            Assert.That(message.TextBody!.ReplaceLineEndings("\n"), Does.EndWith($"\n{more}\n"), "the text part lists the same alerts");
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileValues_AreEscapedInTheTable()
    {
        var (message, _) = await SendAndReadAsync(Group(Hostiles(TemplateEscaping.None)));

        var html = message.HtmlBody!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(AlertRows(html), Has.Count.EqualTo(3));
            Assert.That(html, Does.Not.Contain("<script").And.Not.Contain("<!channel>").And.Not.Contain("</td></tr><script"));
            Assert.That(html, Does.Contain("a &amp; b &lt;!channel&gt; &lt;https://evil.example|click&gt; &quot;quoted&quot; &lt;/td&gt;&lt;/tr&gt;&lt;script&gt;"));
            Assert.That(html, Does.Contain("href=\"https://grafana.example/d/x?q=%22%3E%3Cscript%3E&amp;a=%3Cb%3E%7Cc\""));
            Assert.That((html + message.TextBody).Where(char.IsControl), Is.All.AnyOf('\r', '\n', '\t'), "no NUL or ESC");
            Assert.That(message.TextBody, Does.Contain("NEW a & b <!channel>"));
        }
    }
}
