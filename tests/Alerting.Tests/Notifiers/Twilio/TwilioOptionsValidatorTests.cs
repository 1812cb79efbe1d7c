using Alerting.Notifiers.Twilio;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class TwilioOptionsValidatorTests
{
    private static TwilioOptions Valid() => new()
    {
        AccountSid = TwilioRig.AccountSid,
        AuthToken = TwilioRig.AuthToken,
        From = TwilioRig.From,
        To = [TwilioRig.To1],
    };

    private static List<string> Problems(Action<TwilioOptions> change)
    {
        var options = Valid();
        change(options);
        return new TwilioOptionsValidator().Validate("on-call-sms", options).Failures?.ToList() ?? [];
    }

    [Test]
    public void Validate_ValidOptions_HasNoProblem() => Assert.That(Problems(_ => { }), Is.Empty);

    [Test]
    public void Validate_ApiKeyAndMessagingService_HasNoProblem() =>
        Assert.That(
            Problems(o =>
            {
                o.AuthToken = null;
                o.ApiKeySid = TwilioRig.ApiKeySid;
                o.ApiKeySecret = TwilioRig.ApiKeySecret;
                o.From = null;
                o.MessagingServiceSid = TwilioRig.ServiceSid;
            }),
            Is.Empty);

    [Test]
    public void Validate_RecipientNotInE164_NamesTheFieldTheIndexAndTheValue() =>
        Assert.That(
            Problems(o => o.To = [TwilioRig.To1, "0044 7700 900123", "+1-415-555-0100"]),
            Is.EqualTo(new[]
            {
                "To[1]: '0044 7700 900123' is not a number in E.164: '+', the country code and the number, at most 15 digits, no spaces or dashes.",
                "To[2]: '+1-415-555-0100' is not a number in E.164: '+', the country code and the number, at most 15 digits, no spaces or dashes.",
            }));

    [Test]
    public void Validate_NoRecipient_AsksForOne() =>
        Assert.That(Problems(o => o.To = []), Is.EqualTo(new[] { "To needs at least one recipient number in E.164 (+447700900123)." }));

    [Test]
    public void Validate_DuplicateRecipient_NamesTheSecondOccurrence() =>
        Assert.That(Problems(o => o.To = [TwilioRig.To1, TwilioRig.To2, TwilioRig.To1]), Is.EqualTo(new[] { "To[2]: '+14155550111' is listed more than once." }));

    [TestCase(null)]
    [TestCase("AC0123")]
    [TestCase("SK0123456789abcdef0123456789abcdef")]
    public void Validate_BadAccountSid_IsReportedWithoutEchoingIt(string? sid) =>
        Assert.That(Problems(o => o.AccountSid = sid), Is.EqualTo(new[] { "AccountSid is required: 'AC' followed by 32 hexadecimal digits (from the Twilio console)." }));

    [Test]
    public void Validate_NoCredentials_AsksForAnApiKeyOrTheAuthToken() =>
        Assert.That(Problems(o => o.AuthToken = " "), Has.One.StartsWith("Credentials are required: ApiKeySid and ApiKeySecret (recommended), or AuthToken"));

    [Test]
    public void Validate_ApiKeyWithoutSecret_AsksForTheSecret() =>
        Assert.That(Problems(o => o.ApiKeySid = TwilioRig.ApiKeySid), Is.EqualTo(new[] { "ApiKeySecret is required with ApiKeySid." }));

    [Test]
    public void Validate_ApiKeySecretWithoutKeySid_AsksForTheKeySidWithoutEchoingTheSecret()
    {
        var problems = Problems(o => o.ApiKeySecret = TwilioRig.ApiKeySecret);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Is.EqualTo(new[] { "ApiKeySid must be 'SK' followed by 32 hexadecimal digits when an API key is used." }));
            Assert.That(string.Join(" ", problems), Does.Not.Contain(TwilioRig.ApiKeySecret));
        }
    }

    [Test]
    public void Validate_NoSender_AsksForFromOrAMessagingService() =>
        Assert.That(Problems(o => o.From = null), Has.One.StartsWith("From or MessagingServiceSid is required"));

    [Test]
    public void Validate_FromAndMessagingService_AsksForOne() =>
        Assert.That(Problems(o => o.MessagingServiceSid = TwilioRig.ServiceSid), Is.EqualTo(new[] { "Set either From or MessagingServiceSid, not both." }));

    [TestCase("Acme Ops")]
    [TestCase("12345")]
    [TestCase("+442071838750")]
    public void Validate_ShortCodeAlphanumericSenderOrNumber_IsAcceptedAsFrom(string from) => Assert.That(Problems(o => o.From = from), Is.Empty);

    [TestCase("0044 20 7183 8750")]
    [TestCase("Acme Operations Team")]
    public void Validate_BadFrom_QuotesIt(string from) =>
        Assert.That(Problems(o => o.From = from), Has.One.StartsWith($"From: '{from}' is not a number in E.164"));

    [Test]
    public void Validate_BadMessagingService_IsReported() =>
        Assert.That(Problems(o => { o.From = null; o.MessagingServiceSid = "MGx"; }), Is.EqualTo(new[] { "MessagingServiceSid must be 'MG' followed by 32 hexadecimal digits." }));

    [TestCase(0)]
    [TestCase(1601)]
    public void Validate_MaxLengthOutsideTwiliosLimit_IsRejected(int length) =>
        Assert.That(Problems(o => o.MaxLength = length), Is.EqualTo(new[] { $"MaxLength must be between 1 and 1600 (was {length})." }));

    [TestCase("00:00:00")]
    [TestCase("10:00:01")]
    [TestCase("00:00:01.500")]
    public void Validate_ValidityPeriodOutsideTwiliosRange_IsRejected(string validity) =>
        Assert.That(Problems(o => o.ValidityPeriod = TimeSpan.Parse(validity, System.Globalization.CultureInfo.InvariantCulture)), Has.One.StartsWith("ValidityPeriod must be whole seconds from 00:00:01 to 10:00:00"));

    [Test]
    public void Validate_PlainHttpBaseUrl_NeedsAllowInsecureHttp()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Problems(o => o.BaseUrl = new Uri("http://127.0.0.1:5000")), Has.One.StartsWith("BaseUrl must use https (was http)"));
            Assert.That(Problems(o => { o.BaseUrl = new Uri("http://127.0.0.1:5000"); o.Http.AllowInsecureHttp = true; }), Is.Empty);
        }
    }

    [Test]
    public void Validate_ManyProblems_AreAllListedAndNeverEchoTheSecrets()
    {
        var problems = Problems(o =>
        {
            o.AccountSid = TwilioRig.AuthToken;
            o.ApiKeySid = TwilioRig.ApiKeySecret;
            o.From = null;
            o.To = ["12"];
            o.MaxLength = 0;
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Count.EqualTo(6));
            Assert.That(string.Join(" ", problems), Does.Not.Contain(TwilioRig.AuthToken).And.Not.Contain(TwilioRig.ApiKeySecret));
        }
    }
}
