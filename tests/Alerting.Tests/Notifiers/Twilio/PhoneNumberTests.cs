using Alerting.Notifiers.Twilio.Internal;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class PhoneNumberTests
{
    [TestCase("+14155554567", "+*******4567")]
    [TestCase("+447700900123", "+********0123")]
    [TestCase("+4477009001", "+******9001")]
    [TestCase("+1234567", "+***4567")]
    [TestCase("+123456", "+******")]
    [TestCase("+12", "+**")]
    public void Mask_ShowsThePlusAndTheLastFourDigitsOfNumbersOfSevenDigitsOrMore(string number, string masked) =>
        Assert.That(PhoneNumber.Mask(number), Is.EqualTo(masked));

    [Test]
    public void Scrub_NumberWithOrWithoutPlus_IsReplacedByItsMaskedForm() =>
        Assert.That(
            PhoneNumber.Scrub("The 'To' number +14155554567 (14155554567) is not valid.", "+14155554567"),
            Is.EqualTo("The 'To' number +*******4567 (+*******4567) is not valid."));

    [TestCase("+14155552671", true)]
    [TestCase("+442071838750", true)]
    [TestCase("+123456789012345", true)]
    [TestCase("+1234567890123456", false)]
    [TestCase("14155552671", false)]
    [TestCase("+04155552671", false)]
    [TestCase("+1 415 555 2671", false)]
    [TestCase("+1-415-555-2671", false)]
    [TestCase("whatsapp:+14155552671", false)]
    public void E164_AcceptsOnlyPlusCountryCodeAndUpTo15Digits(string number, bool valid) =>
        Assert.That(PhoneNumber.E164().IsMatch(number), Is.EqualTo(valid));
}
