using System.Text;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Alerting.Templates;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>The request Twilio gets and the text of the SMS; errors and recipients are in the other parts.</summary>
[TestFixture]
public partial class TwilioNotifierTests
{
    private const string Fire = "\U0001F525";

    private static TwilioRig CreateSut(Action<TwilioOptions>? configure = null) => new(configure);

    [Test]
    public async Task SendAsync_AuthToken_PostsTheFormToTheAccountsMessagesResourceAsTheAccount()
    {
        using var sut = CreateSut();
        sut.Mock.Expect(HttpMethod.Post, TwilioRig.Messages)
            .WithHeaders("Authorization", TwilioRig.Basic(TwilioRig.AccountSid, TwilioRig.AuthToken))
            .WithHeaders("Content-Type", "application/x-www-form-urlencoded")
            .WithExactFormData(new Dictionary<string, string> { ["To"] = TwilioRig.To1, ["From"] = TwilioRig.From, ["Body"] = TwilioRig.Title })
            .Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Recipients, Is.EqualTo(new[] { new RecipientResult("+*******0111", DeliveryStatus.Delivered, null, 1) }));
        }
    }

    [Test]
    public async Task SendAsync_ApiKeyAndMessagingService_AuthenticatesWithTheKeyAndSendsTheServiceInsteadOfFrom()
    {
        using var sut = CreateSut(o =>
        {
            o.AuthToken = null;
            o.ApiKeySid = TwilioRig.ApiKeySid;
            o.ApiKeySecret = TwilioRig.ApiKeySecret;
            o.From = null;
            o.MessagingServiceSid = TwilioRig.ServiceSid;
        });
        sut.Mock.Expect(HttpMethod.Post, TwilioRig.Messages)
            .WithHeaders("Authorization", TwilioRig.Basic(TwilioRig.ApiKeySid, TwilioRig.ApiKeySecret))
            .WithExactFormData(new Dictionary<string, string> { ["To"] = TwilioRig.To1, ["MessagingServiceSid"] = TwilioRig.ServiceSid, ["Body"] = TwilioRig.Title })
            .Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        Assert.That(result.IsDelivered, Is.True, result.Reason);
    }

    [Test]
    public async Task SendAsync_ApiKeyAndAuthTokenBothSet_UsesTheApiKey()
    {
        using var sut = CreateSut(o =>
        {
            o.ApiKeySid = TwilioRig.ApiKeySid;
            o.ApiKeySecret = TwilioRig.ApiKeySecret;
        });
        sut.Mock.Expect(HttpMethod.Post, TwilioRig.Messages)
            .WithHeaders("Authorization", TwilioRig.Basic(TwilioRig.ApiKeySid, TwilioRig.ApiKeySecret))
            .Respond(_ => TwilioRig.Created());

        Assert.That((await sut.SendAsync()).IsDelivered, Is.True);
    }

    [TestCase("http://127.0.0.1:5099")]
    [TestCase("http://127.0.0.1:5099/")]
    public async Task SendAsync_BaseUrl_IsWhereTheMessagesPathIsAppended(string baseUrl)
    {
        using var sut = CreateSut(o =>
        {
            o.BaseUrl = new Uri(baseUrl);
            o.Http.AllowInsecureHttp = true;
        });
        sut.Mock.Expect(HttpMethod.Post, $"http://127.0.0.1:5099/2010-04-01/Accounts/{TwilioRig.AccountSid}/Messages.json").Respond(_ => TwilioRig.Created());

        Assert.That((await sut.SendAsync()).IsDelivered, Is.True);
    }

    [Test]
    public async Task SendAsync_SmartEncodedAndValidityPeriod_AreSentAsTwiliosFields()
    {
        using var sut = CreateSut(o =>
        {
            o.SmartEncoded = true;
            o.ValidityPeriod = TimeSpan.FromMinutes(15);
        });
        sut.ExpectMessage(form: new Dictionary<string, string> { ["SmartEncoded"] = "true", ["ValidityPeriod"] = "900" }).Respond(_ => TwilioRig.Created());

        Assert.That((await sut.SendAsync()).IsDelivered, Is.True);
    }

    [Test]
    public async Task SendAsync_NoBodyTemplate_SendsTheTitleAlone()
    {
        using var sut = CreateSut();
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = TwilioRig.Title }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync();
    }

    [Test]
    public async Task SendAsync_IncludeMessage_SendsTheTitleThenTheMessage()
    {
        using var sut = CreateSut(o => o.IncludeMessage = true);
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = TwilioRig.Title + "\nJob nightly-import failed.\nDisk full" }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync();
    }

    [Test]
    public async Task SendAsync_BodyTemplate_SendsTheBodyInsteadOfTitleAndMessage()
    {
        using var sut = CreateSut(o => o.IncludeMessage = true);
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = "ERROR nightly-import: Disk full" }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync(TwilioRig.Notify(body: "ERROR nightly-import: Disk full"));
    }

    [Test]
    public async Task SendAsync_EmptyTitleAndBody_SendsSeverityTypeAndSource()
    {
        using var sut = CreateSut();
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = "[ERROR] job.failed from nightly-import" }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync(TwilioRig.Notify(title: " ", body: ""));
    }

    [TestCase(NotificationKind.Resolve, "[RESOLVED] ")]
    [TestCase(NotificationKind.Acknowledge, "[ACKNOWLEDGED] ")]
    [TestCase(NotificationKind.Update, "[UPDATE] ")]
    [TestCase(NotificationKind.Test, "[TEST] ")]
    public async Task SendAsync_NotANewAlert_StartsWithWhatItIs(NotificationKind kind, string label)
    {
        using var sut = CreateSut();
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = label + "nightly-import: disk full" }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync(TwilioRig.Notify(kind, body: "nightly-import: disk full"));
    }

    [Test]
    public async Task SendAsync_ControlCharactersAndCrLf_AreDroppedAndNormalised()
    {
        using var sut = CreateSut();
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = "line 1\nline 2 tab\u00e9" }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync(TwilioRig.Notify(body: " line 1\r\nline\u0001 2\ttab\u009b\u00e9 "));
    }

    [Test]
    public async Task SendAsync_TextOver1600Units_IsCutTo1600EndingInTheMarkerAndLogged()
    {
        using var sut = CreateSut();
        string? sent = null;
        sut.ExpectMessage().Respond(async request =>
        {
            sent = Form(await request.Content!.ReadAsStringAsync())["Body"];
            return TwilioRig.Created();
        });

        await sut.SendAsync(TwilioRig.Notify(body: new string('x', 2000)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent, Has.Length.EqualTo(1600));
            Assert.That(sent, Does.EndWith(NotifierCapabilities.TruncationMarker));
            Assert.That(sut.Logs.GetSnapshot().Select(l => l.Id.Id), Does.Contain(1702));
        }
    }

    [Test]
    public async Task SendAsync_EmojiCountTwoUnits_800FitAndThe801stIsCutWithoutSplittingAPair()
    {
        using var sut = CreateSut();
        var sent = new List<string>();
        sut.ExpectMessage().Respond(async request => { sent.Add(Form(await request.Content!.ReadAsStringAsync())["Body"]); return TwilioRig.Created(); });
        sut.ExpectMessage().Respond(async request => { sent.Add(Form(await request.Content!.ReadAsStringAsync())["Body"]); return TwilioRig.Created(); });

        await sut.Notifier.SendAsync(TwilioRig.Notify(body: string.Concat(Enumerable.Repeat(Fire, 800))), CancellationToken.None);
        await sut.SendAsync(TwilioRig.Notify(body: string.Concat(Enumerable.Repeat(Fire, 801))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sent[0], Is.EqualTo(string.Concat(Enumerable.Repeat(Fire, 800))), "1,600 UTF-16 units fit exactly");
            Assert.That(sent[1], Is.EqualTo(string.Concat(Enumerable.Repeat(Fire, 799)) + NotifierCapabilities.TruncationMarker), "the pair that would be split is dropped whole");
            Assert.That(IsWellFormed(sent[1]), Is.True);
        }
    }

    [Test]
    public async Task SendAsync_LowerMaxLength_IsTheBudget()
    {
        using var sut = CreateSut(o => o.MaxLength = 160);
        sut.ExpectMessage(form: new Dictionary<string, string> { ["Body"] = new string('x', 159) + NotifierCapabilities.TruncationMarker }).Respond(_ => TwilioRig.Created());

        await sut.SendAsync(TwilioRig.Notify(body: new string('x', 500)));
    }

    [Test]
    public void Capabilities_PlainTextCutAtMaxLengthRetriedByTheChannelOnePerSecond()
    {
        using var sut = CreateSut(o => o.MaxLength = 320);

        var caps = sut.Notifier.Capabilities;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(new[] { caps.TitleEscaping, caps.MessageEscaping, caps.BodyEscaping }, Has.All.EqualTo(TemplateEscaping.None));
            Assert.That(new[] { caps.MaxTitleLength, caps.MaxMessageLength, caps.MaxBodyLength }, Has.All.EqualTo(320));
            Assert.That(caps.RetriesInternally, Is.False, "the channel's retry policy retries it");
            Assert.That((caps.RateLimit, caps.RatePeriod), Is.EqualTo((1, TimeSpan.FromSeconds(1))));
        }
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsListingEveryProblemWithoutTheSecret()
    {
        var options = new TwilioOptions { AccountSid = TwilioRig.AuthToken, AuthToken = TwilioRig.AuthToken, To = ["0044 7700"] };
        using var client = new HttpClient();

        var thrown = Assert.Throws<ArgumentException>(() => _ = new TwilioNotifier(options, client));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(thrown!.Message, Does.Contain("AccountSid").And.Contain("From or MessagingServiceSid").And.Contain("To[0]: '0044 7700'"));
            Assert.That(thrown.Message, Does.Not.Contain(TwilioRig.AuthToken));
        }
    }

    [Test]
    public void ToString_NeverShowsCredentials()
    {
        var text = new TwilioOptions { AccountSid = TwilioRig.AccountSid, AuthToken = TwilioRig.AuthToken, ApiKeySecret = TwilioRig.ApiKeySecret, To = [TwilioRig.To1] }.ToString();

        Assert.That(text, Does.Not.Contain(TwilioRig.AuthToken).And.Not.Contain(TwilioRig.ApiKeySecret).And.Not.Contain(TwilioRig.To1));
    }

    private static Dictionary<string, string> Form(string body) =>
        body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    private static bool IsWellFormed(string text)
    {
        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(text);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}
