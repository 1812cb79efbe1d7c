using Alerting.Notifiers.Internal;

namespace Alerting.Tests.Notifiers;

/// <summary>The rule every channel uses to list a group's alerts within its limits: the first that fit, then a line counting the rest.</summary>
[TestFixture]
public sealed class GroupedAlertsTests
{
    [Test]
    public void Fit_AllWithinCountAndBudget_ShowsAll() =>
        Assert.That(GroupedAlerts.Fit([10, 10, 10], budget: 30, maxItems: 3, moreSize: 5), Is.EqualTo(3));

    [Test]
    public void Fit_MoreThanMaxItems_KeepsOneSlotForTheMoreLine() =>
        Assert.That(GroupedAlerts.Fit([1, 1, 1, 1, 1], budget: 100, maxItems: 4, moreSize: 1), Is.EqualTo(3));

    [Test]
    public void Fit_OverTheBudget_KeepsRoomForTheMoreLine() =>
        Assert.That(GroupedAlerts.Fit([10, 10, 10, 10], budget: 35, maxItems: int.MaxValue, moreSize: 6), Is.EqualTo(2));

    [Test]
    public void Fit_FirstItemTooLarge_ShowsNoneSoTheMoreLineCountsAll() =>
        Assert.That(GroupedAlerts.Fit([100, 1], budget: 50, maxItems: int.MaxValue, moreSize: 5), Is.Zero);

    [Test]
    public void Fit_NoItems_ShowsNone() =>
        Assert.That(GroupedAlerts.Fit([], budget: 0, maxItems: 0, moreSize: 5), Is.Zero);

    [TestCase(1, "…and 1 more alert")]
    [TestCase(454, "…and 454 more alerts")]
    public void More_SaysHowManyWereLeftOut(int hidden, string expected) =>
        Assert.That(GroupedAlerts.More(hidden), Is.EqualTo(expected));

    [Test]
    public void Lines_OverTheLength_EndsWithTheMoreLineAndStaysWithin()
    {
        var alerts = GroupedNotifications.Many(10);

        var text = GroupedAlerts.Lines(alerts, a => a.Event.Source + "\r\nsecond line", maxLineLength: 12, maxLength: 40, GroupedAlerts.More);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(text, Has.Length.LessThanOrEqualTo(40));
            Assert.That(text, Is.EqualTo("\nhost-001 s…\n…and 9 more alerts"), "cut first, then CRLF made one space");
        }
    }

    [Test]
    public void AddJson_NoAlertsOrNotAnObject_ReturnsTheJsonItself()
    {
        const string Json = """{"a":1}""";

        using (Assert.EnterMultipleScope())
        {
            Assert.That(GroupedAlerts.AddJson(Json, [], counts: true), Is.SameAs(Json));
            Assert.That(GroupedAlerts.AddJson("[1]", GroupedNotifications.Three(), counts: true), Is.EqualTo("[1]"));
        }
    }
}
