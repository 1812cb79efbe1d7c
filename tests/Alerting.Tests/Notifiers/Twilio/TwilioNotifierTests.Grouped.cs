using Alerting.Notifiers;
using Alerting.Templates;
using static Alerting.Tests.Notifiers.GroupedNotifications;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>Grouped notifications: the title, then a short line per alert while they fit, then <c>+N more</c>.</summary>
public partial class TwilioNotifierTests
{
    /// <summary>Sends <paramref name="notification"/> to one recipient and returns the SMS text.</summary>
    private static async Task<string> SentTextAsync(Notification notification, Action<Alerting.Notifiers.Twilio.TwilioOptions>? configure = null)
    {
        using var sut = CreateSut(configure);
        string? sent = null;
        sut.ExpectMessage().Respond(async request =>
        {
            sent = Form(await request.Content!.ReadAsStringAsync())["Body"];
            return TwilioRig.Created();
        });

        var result = await sut.SendAsync(notification);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return sent!;
    }

    [Test]
    public async Task SendAsync_GroupedNotification_SendsTheTitleThenAShortLinePerAlert()
    {
        var text = await SentTextAsync(With(TwilioRig.Notify(), Three()));

        Assert.That(text, Is.EqualTo($"{Title}\nNEW db-1\nFIRING db-2\nRESOLVED db-3"));
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithIncludeMessage_PutsTheMessageBeforeTheAlerts()
    {
        var text = await SentTextAsync(With(TwilioRig.Notify(message: "3 alerts in region=eu"), Three()), o => o.IncludeMessage = true);

        Assert.That(text, Is.EqualTo($"{Title}\n3 alerts in region=eu\nNEW db-1\nFIRING db-2\nRESOLVED db-3"));
    }

    [Test]
    public async Task SendAsync_GroupedNotificationWithABody_SendsTheBodyAsIs()
    {
        var text = await SentTextAsync(With(TwilioRig.Notify(body: "5 disks full"), Three()));

        Assert.That(text, Is.EqualTo("5 disks full"));
    }

    [TestCase(1600)]
    [TestCase(160)]
    public async Task SendAsync_GroupOf500Alerts_ListsWhatFitsInMaxLengthThenHowManyMore(int maxLength)
    {
        var text = await SentTextAsync(With(TwilioRig.Notify(), Many(500)), o => o.MaxLength = maxLength);

        var lines = text.Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Has.Length.LessThanOrEqualTo(maxLength));
            Assert.That(lines[0], Is.EqualTo(Title));
            Assert.That(lines[1..^1], Is.Not.Empty.And.All.Match("^(NEW|FIRING) host-[0-9]{3}$"));
            Assert.That(lines[^1], Is.EqualTo($"+{500 - (lines.Length - 2)} more"));
        }
    }

    [Test]
    public async Task SendAsync_GroupWithHostileSources_SendsPlainShortLines()
    {
        var text = await SentTextAsync(With(TwilioRig.Notify(), Hostiles(TemplateEscaping.None)));

        var lines = text.Split('\n');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines, Has.Length.EqualTo(4));
            Assert.That(lines[1], Does.StartWith("NEW a & b <!channel> <https://evil.example|click>").And.EndWith(NotifierCapabilities.TruncationMarker).And.Length.EqualTo(60));
            Assert.That(lines[3], Does.StartWith("RESOLVED "));
            Assert.That(text.Where(char.IsControl), Is.All.EqualTo('\n'), "no CR, NUL or ESC");
        }
    }
}
