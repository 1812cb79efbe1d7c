using Alerting.Notifiers.Twilio;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class TwilioOptionsValidatorTests
{
    private static TwilioOptions Valid() => new()
    {
        AccountSid = "AC0123456789abcdef0123456789abcdef",
        AuthToken = "token",
        From = "+14155550100",
        To = ["+14155550111"],
    };

    private static List<string> Problems(Action<TwilioOptions> change)
    {
        var options = Valid();
        change(options);
        return new TwilioOptionsValidator().Validate("sms", options).Failures?.ToList() ?? [];
    }

    [Test]
    public void Validate_ValidOptions_HasNoProblem() => Assert.That(Problems(_ => { }), Is.Empty);

    [TestCase("Acme Ops")]
    [TestCase("12345")]
    public void Validate_ShortCodeOrAlphanumericSender_IsAccepted(string from) => Assert.That(Problems(o => o.From = from), Is.Empty);

    [Test]
    public void Validate_RecipientNotInE164_NamesTheIndexAndTheValue() =>
        Assert.That(Problems(o => o.To = ["+14155550111", "0044 7700 900123"]), Has.One.EqualTo("To[1]: '0044 7700 900123' is not a number in E.164: '+', the country code and up to 15 digits, no spaces."));

    [Test]
    public void Validate_NoRecipient_AsksForOne() =>
        Assert.That(Problems(o => o.To = []), Has.One.StartsWith("To needs at least one recipient"));

    [Test]
    public void Validate_DuplicateRecipient_IsReported() =>
        Assert.That(Problems(o => o.To = ["+14155550111", "+14155550111"]), Has.One.EqualTo("To: '+14155550111' is listed more than once."));

    [Test]
    public void Validate_BadAccountSid_IsReported() =>
        Assert.That(Problems(o => o.AccountSid = "SK0123"), Has.One.StartsWith("AccountSid is required"));

    [Test]
    public void Validate_NoCredentials_AsksForAnApiKeyOrToken() =>
        Assert.That(Problems(o => o.AuthToken = null), Has.One.StartsWith("Authentication is required"));

    [Test]
    public void Validate_ApiKeyWithoutSecret_AsksForTheSecret() =>
        Assert.That(Problems(o => o.ApiKeySid = "SK0123456789abcdef0123456789abcdef"), Has.One.EqualTo("ApiKeySecret is required with ApiKeySid."));

    [Test]
    public void Validate_NoSender_AsksForFromOrAService() =>
        Assert.That(Problems(o => o.From = null), Has.One.StartsWith("From is required unless MessagingServiceSid is set"));

    [Test]
    public void Validate_BadMessagingService_IsReported() =>
        Assert.That(Problems(o => o.MessagingServiceSid = "MGx"), Has.One.StartsWith("MessagingServiceSid must be 'MG'"));

    [TestCase(0)]
    [TestCase(1601)]
    public void Validate_MaxLengthOutsideTwiliosLimit_IsRejected(int length) =>
        Assert.That(Problems(o => o.MaxLength = length), Has.One.StartsWith("MaxLength must be between 1 and 1600"));

    [Test]
    public void Validate_Problems_NeverEchoTheToken() =>
        Assert.That(string.Join(" ", Problems(o => { o.AuthToken = "s3cr3t"; o.AccountSid = null; })), Does.Not.Contain("s3cr3t"));
}
