using System.Net;
using System.Text;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Twilio;

[TestFixture]
public class TwilioNotifierTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "s3cr3tAuthT0ken";
    private const string ApiKeySid = "SK0123456789abcdef0123456789abcdef";
    private const string ApiKeySecret = "s3cr3tApiK3ySecret";
    private const string Messages = "https://api.twilio.com/2010-04-01/Accounts/" + AccountSid + "/Messages.json";

    private static ChannelProbe Probe(Action<TwilioOptions>? configure = null)
    {
        var options = new TwilioOptions { AccountSid = AccountSid, AuthToken = AuthToken, From = "+14155550100", To = ["+14155550111"], Http = HttpRig.Quick() };
        configure?.Invoke(options);
        return new ChannelProbe(options, (client, clock) => new TwilioNotifier(options, client, clock));
    }

    private static Func<HttpResponseMessage> Created => () => ChannelProbe.Answer(HttpStatusCode.Created, """{"sid":"SM1","status":"queued","error_code":null}""", "application/json");

    private static Func<HttpResponseMessage> Error(HttpStatusCode status, int code, string message = "error") =>
        () => ChannelProbe.Answer(status, $$"""{"code":{{code}},"message":"{{message}}","more_info":"https://www.twilio.com/docs/errors/{{code}}","status":{{(int)status}}}""", "application/json");

    [Test]
    public async Task SendAsync_AuthToken_PostsTheFormToTheAccountsMessagesWithBasicAuth()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Created);

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(Messages));
            Assert.That(request.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(request.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"))));
            Assert.That(request.Form, Is.EqualTo(new Dictionary<string, string>
            {
                ["To"] = "+14155550111",
                ["Body"] = "[ERROR] Job nightly-import failed",
                ["From"] = "+14155550100",
            }));
        }
    }

    [Test]
    public async Task SendAsync_ApiKeyAndMessagingService_AuthenticatesWithTheKeyAndSendsTheService()
    {
        var probe = Probe(o =>
        {
            o.AuthToken = null;
            o.ApiKeySid = ApiKeySid;
            o.ApiKeySecret = ApiKeySecret;
            o.From = null;
            o.MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
        });

        await probe.SendAsync(ChannelProbe.Notification("sms"), Created);

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(Messages), "the account stays in the path");
            Assert.That(request.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ApiKeySid}:{ApiKeySecret}"))));
            Assert.That(request.Form["MessagingServiceSid"], Is.EqualTo("MG0123456789abcdef0123456789abcdef"));
            Assert.That(request.Form.ContainsKey("From"), Is.False);
        }
    }

    [Test]
    public async Task SendAsync_BodyTemplate_IsTheTextInsteadOfTheTitle()
    {
        var probe = Probe();

        await probe.SendAsync(ChannelProbe.Notification("sms", body: "nightly-import: disk full"), Created);

        Assert.That(probe.Requests.Single().Form["Body"], Is.EqualTo("nightly-import: disk full"));
    }

    [Test]
    public async Task SendAsync_TextOver1600Units_IsCutVisiblyWithoutSplittingASurrogatePair()
    {
        var probe = Probe();
        var text = new string('a', 1598) + "\U0001F525\U0001F525";

        await probe.SendAsync(ChannelProbe.Notification("sms", body: text), Created);

        var sent = probe.Requests.Single().Form["Body"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent.Length, Is.LessThanOrEqualTo(1600));
            Assert.That(sent, Does.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(char.IsHighSurrogate(sent[^2]), Is.False, "no lone high surrogate before the marker");
        }
    }

    [Test]
    public async Task SendAsync_LowerMaxLength_IsTheBudget()
    {
        var probe = Probe(o => o.MaxLength = 160);

        await probe.SendAsync(ChannelProbe.Notification("sms", body: new string('x', 500)), Created);

        Assert.That(probe.Requests.Single().Form["Body"], Has.Length.EqualTo(160));
    }

    [Test]
    public async Task SendAsync_ThreeRecipientsOneOptedOut_DeliversTwoAndReportsTheThirdPermanentlyPerRecipient()
    {
        var probe = Probe(o => o.To = ["+14155550111", "+14155550122", "+14155550133"]);

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Created, Error(HttpStatusCode.BadRequest, 21610, "Attempt to send to unsubscribed recipient"), Created);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(probe.Requests.Select(r => r.Form["To"]), Is.EqualTo(new[] { "+14155550111", "+14155550122", "+14155550133" }), "one request each; the opted-out one is not retried");
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Recipients.Select(r => (r.Recipient, r.Status)), Is.EqualTo(new[]
            {
                ("+*******0111", DeliveryStatus.Delivered),
                ("+*******0122", DeliveryStatus.PermanentFailure),
                ("+*******0133", DeliveryStatus.Delivered),
            }));
            Assert.That(result.Recipients[1].Reason, Is.EqualTo("HTTP 400: 21610 the recipient opted out (replied STOP): Attempt to send to unsubscribed recipient"));
            Assert.That(result.Reason, Does.StartWith("1 of 3 recipient(s) failed: +*******0122: HTTP 400: 21610"));
        }
    }

    [TestCase(21211)]
    [TestCase(21606)]
    [TestCase(21608)]
    [TestCase(21610)]
    [TestCase(21612)]
    [TestCase(21614)]
    [TestCase(21635)]
    [TestCase(21617)]
    public async Task SendAsync_PermanentErrorCode_IsNotRetried(int code)
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Error(HttpStatusCode.BadRequest, code));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain(code.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.That(probe.Requests, Has.Count.EqualTo(1));
        }
    }

    [Test]
    public async Task SendAsync_AuthenticationFailed_IsPermanentWithoutTheToken()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Error(HttpStatusCode.Unauthorized, 20003, "Authenticate with " + AuthToken));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.Contain("20003 authentication failed").And.Not.Contain("s3cr3t"));
            Assert.That(probe.Logged, Does.Not.Contain("s3cr3t"));
        }
    }

    [Test]
    public async Task SendAsync_20429ThenCreated_IsRetriedAfterRetryAfter()
    {
        var probe = Probe();

        var result = await probe.SendAsync(
            ChannelProbe.Notification("sms"),
            () =>
            {
                var response = Error(HttpStatusCode.TooManyRequests, 20429, "Too Many Requests")();
                response.Headers.TryAddWithoutValidation("Retry-After", "2");
                return response;
            },
            Created);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(probe.Rig!.Clock.Created, Has.Some.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2)));
        }
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    public async Task SendAsync_ServerError_IsRetried(HttpStatusCode status) =>
        Assert.That((await Probe().SendAsync(ChannelProbe.Notification("sms"), Error(status, 20500), Created)).IsDelivered, Is.True);

    [Test]
    public async Task SendAsync_SenderQueueFull21611_IsRetriedThoughItIsA400()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Error(HttpStatusCode.BadRequest, 21611, "queue full"), Created);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_InvalidNumberEchoedByTwilio_ReasonMasksTheNumber()
    {
        var probe = Probe();

        var result = await probe.SendAsync(ChannelProbe.Notification("sms"), Error(HttpStatusCode.BadRequest, 21211, "The 'To' number +14155550111 is not a valid phone number."));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.Not.Contain("+14155550111"));
            Assert.That(result.Recipients.Single().Recipient, Is.EqualTo("+*******0111"));
        }
    }

    [TestCase(NotificationKind.Test, "[TEST] ")]
    [TestCase(NotificationKind.Resolve, "[RESOLVED] ")]
    [TestCase(NotificationKind.Acknowledge, "[ACKNOWLEDGED] ")]
    [TestCase(NotificationKind.Update, "[UPDATE] ")]
    public async Task SendAsync_NotANewAlert_SaysSoFirst(NotificationKind kind, string prefix)
    {
        var probe = Probe();

        await probe.SendAsync(ChannelProbe.Notification("sms", kind, body: "nightly-import: disk full"), Created);

        Assert.That(probe.Requests.Single().Form["Body"], Is.EqualTo(prefix + "nightly-import: disk full"));
    }

    [TestCase("+14155550111", "+*******0111")]
    [TestCase("+4477009001", "+******9001")]
    [TestCase("123", "***")]
    public void Mask_KeepsThePlusAndTheLastFourDigits(string number, string masked) =>
        Assert.That(TwilioNotifier.Mask(number), Is.EqualTo(masked));
}
