using Alerting.Notifiers.Twilio.Internal;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class SmsTextTests
{
    [TestCase(1, 1)]
    [TestCase(160, 1)]
    [TestCase(161, 2)]
    [TestCase(306, 2)]
    [TestCase(307, 3)]
    [TestCase(1600, 11)]
    public void Segments_Gsm7Text_Counts160ThenPartsOf153(int length, int segments) =>
        Assert.That(SmsText.Segments(new string('a', length)), Is.EqualTo((segments, false)));

    [TestCase(70, 1)]
    [TestCase(71, 2)]
    [TestCase(134, 2)]
    [TestCase(135, 3)]
    public void Segments_OneNonGsmCharacter_MakesTheWholeTextUcs2With70ThenPartsOf67(int length, int segments) =>
        Assert.That(SmsText.Segments("\u00ea" + new string('a', length - 1)), Is.EqualTo((segments, true)));

    [Test]
    public void Segments_Emoji_CountTwoUtf16Units() =>
        Assert.That(SmsText.Segments(string.Concat(Enumerable.Repeat("\U0001F525", 35))), Is.EqualTo((1, true)));

    [TestCase(80, 1)]
    [TestCase(81, 2)]
    public void Segments_GsmExtensionCharacters_TakeTwoSeptets(int count, int segments) =>
        Assert.That(SmsText.Segments(new string('{', count)), Is.EqualTo((segments, false)));

    [TestCase("Müller & Søn: 5€ @ 10:00, ok?", false)]
    [TestCase("Müller & Søn: 5€ @ 10:00 — ok?", true)]
    [TestCase("Cut here…", true)]
    public void Segments_Encoding_IsUcs2OnlyWhenACharacterIsOutsideGsm7(string text, bool unicode) =>
        Assert.That(SmsText.Segments(text).Unicode, Is.EqualTo(unicode));
}
