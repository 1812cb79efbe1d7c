using Alerting.Notifiers.Twilio.Internal;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class TwilioResponseTests
{
    [Test]
    public void Parse_ErrorBody_ReadsCodeAndMessage()
    {
        var response = TwilioResponse.Parse("""{"code": 21211, "message": "The 'To' number is not a valid phone number.", "more_info": "https://www.twilio.com/docs/errors/21211", "status": 400}""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response?.Code, Is.EqualTo(21211));
            Assert.That(response?.Describe(), Is.EqualTo("21211 invalid 'To' number: The 'To' number is not a valid phone number."));
        }
    }

    [Test]
    public void Parse_MessageResourceCutByTheReadCap_StillYieldsTheFieldsBeforeTheCut()
    {
        var response = TwilioResponse.Parse("""{"account_sid": "AC1", "subresource_uris": {"media": "/x", "sid": "nested"}, "sid": "SM0123", "body": "a long text that was cu""");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response?.Sid, Is.EqualTo("SM0123"), "a nested sid is not the message's");
            Assert.That(response?.Code, Is.Null);
        }
    }

    [TestCase("")]
    [TestCase("<html>Bad Gateway</html>")]
    [TestCase("Internal error")]
    public void Parse_NotJson_IsNull(string body) => Assert.That(TwilioResponse.Parse(body), Is.Null);

    [TestCase("""{"code": 20500}""", "20500")]
    [TestCase("""{"code": "21610", "message": ""}""", "21610 recipient opted out (replied STOP)")]
    [TestCase("""{"message": "no code"}""", "no code")]
    public void Describe_MissingParts_LeavesThemOut(string body, string reason) =>
        Assert.That(TwilioResponse.Parse(body)?.Describe(), Is.EqualTo(reason));
}
