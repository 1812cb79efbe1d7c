using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>Grouped notifications: a section per alert, within Block Kit's limits, and the alerts in the fallback text.</summary>
public partial class SlackNotifierTests
{
    private static Notification Group(IReadOnlyList<NotificationAlert> alerts, string? payload = null) =>
        With(Notify(message: "3 alerts in region=eu", payload: payload, incidentId: "inc-7"), alerts);

    private static List<JsonElement> AlertSections(JsonElement message) =>
        [.. Blocks(message, "section").Skip(1)]; // the first section is the message

    private static string TextOf(JsonElement block) => block.GetProperty("text").GetProperty("text").GetString()!;

    [Test]
    public async Task SendAsync_GroupedNotification_ListsEachAlertInASectionWithItsStateAndLink()
    {
        var message = await SentAsync(Group(Three()));

        var sections = AlertSections(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Types(message), Is.EqualTo(new[] { "header", "section", "section", "section", "section", "context" }), "no event fields: the alerts replace them");
            Assert.That(HeaderText(message), Is.EqualTo($":x: ERROR: {Title}"));
            Assert.That(sections.Select(TextOf), Is.EqualTo(new[]
            {
                ":rotating_light: *NEW* db-1: Disk full",
                ":warning: *FIRING* db-2: Disk 91% full",
                ":white_check_mark: *RESOLVED* db-3: Disk has room again",
            }));
            Assert.That(sections[0].GetProperty("accessory").GetProperty("url").GetString(), Is.EqualTo("https://grafana.example/d/db-1?from=now-1h&to=now"));
            Assert.That(sections[0].GetProperty("accessory").GetProperty("text").GetProperty("text").GetString(), Is.EqualTo("Open"));
            Assert.That(sections[1].TryGetProperty("accessory", out _), Is.False, "no link");
            Assert.That(sections[2].TryGetProperty("accessory", out _), Is.False, "a javascript: link is dropped");
            Assert.That(ContextText(message), Does.StartWith("Incident `inc-7`"));
            Assert.That(message.GetProperty("text").GetString(), Is.EqualTo(
                $":x: ERROR: {Title}\nNEW db-1: Disk full\nFIRING db-2: Disk 91% full\nRESOLVED db-3: Disk has room again"));
        }
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithAPayloadTemplate_SendsTheTemplateAsIs()
    {
        var message = await SentAsync(Group(Three(), payload: Blocks(Section("custom"))));

        Assert.That(Types(message), Is.EqualTo(new[] { "section" }));
    }

    [TestCase(null)]
    [TestCase(5_000)]
    public async Task SendAsync_GroupOf500Alerts_StaysWithinBlockKitLimitsAndTheLastAlertBlockSaysHowManyMore(int? textLength)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Group(Many(500, textLength)), Ok);

        var message = probe.Requests.Single().Json;
        var blocks = message.GetProperty("blocks").EnumerateArray().ToList();
        var sections = AlertSections(message);
        var more = blocks[^2];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(blocks, Has.Count.EqualTo(50));
            Assert.That(sections, Has.Count.EqualTo(46), "header, message, 46 alerts, the count of the rest, context");
            Assert.That(more.GetProperty("type").GetString(), Is.EqualTo("context"));
            Assert.That(more.GetProperty("elements")[0].GetProperty("text").GetString(), Is.EqualTo("_…and 454 more alerts_"));
            Assert.That(sections.Select(TextOf), Has.All.Length.InRange(1, 3000));
            Assert.That(Texts(message.GetProperty("blocks")).Sum(t => t.Length), Is.LessThanOrEqualTo(12_000));
            Assert.That(message.GetProperty("text").GetString(), Has.Length.LessThanOrEqualTo(3000).And.Match(@"\n…and \d+ more alerts$"));
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileValues_StaysValidAndDefusesMentionsAndLinks()
    {
        var probe = CreateSut();

        await probe.SendAsync(Group(Hostiles(TemplateEscaping.SlackMrkdwn)), Ok);

        var message = JsonDocument.Parse(probe.Requests.Single().Body).RootElement;
        var sections = AlertSections(message);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sections, Has.Count.EqualTo(3));
            Assert.That(TextOf(sections[0]), Does.StartWith(":x: *NEW* a &amp; b &lt;!channel&gt; &lt;https://evil.example|click&gt;").And.EndWith("🚨1"));
            Assert.That(string.Join("\n", Texts(message)), Does.Not.Contain("<!channel>").And.Not.Contain("<https://evil"));
            Assert.That(Texts(message).SelectMany(t => t).Where(char.IsControl), Is.All.EqualTo('\n'), "no NUL, ESC or CR");
            Assert.That(sections[0].GetProperty("accessory").GetProperty("url").GetString(), Does.StartWith("https://grafana.example/d/x?q="));
            Assert.That(message.GetProperty("text").GetString(), Does.Contain("\nNEW a &amp; b &lt;!channel&gt;").And.Not.Contain("\r"));
        }
    }
}
