using System.Net;
using Alerting.Notifiers;
using Alerting.Tests.Notifiers.Http;
using Alerting.Notifiers.Teams;

namespace Alerting.Tests.Notifiers.Teams;

/// <summary>Workflows' and legacy connectors' answers and how each is classified; secrets kept out of reasons and logs.</summary>
public partial class TeamsNotifierTests
{
    private const string LegacyUrl = "https://contoso.webhook.office.com/webhookb2/1234@5678/IncomingWebhook/abcdef0123456789/" + Signature;
    private const string Throttled = "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=msgapi-production-eus-azsc2-4-170,cv=deadbeef";

    private static void Legacy(TeamsOptions o)
    {
        o.WebhookUrl = new Uri(LegacyUrl);
        o.Format = TeamsFormat.MessageCard;
    }

    private static Func<HttpResponseMessage> One => () => ChannelProbe.Answer(HttpStatusCode.OK, "1");

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.Accepted)]
    [TestCase(HttpStatusCode.NoContent)]
    public async Task SendAsync_Any2xx_IsDeliveredAndLoggedAsAcceptedNotPosted(HttpStatusCode status)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(status));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1652));
            Assert.That(probe.NotifierLogs.LatestRecord.Message, Does.Contain($"accepted the card (HTTP {(int)status})"));
        }
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.RequestEntityTooLarge)]
    public async Task SendAsync_ClientError_IsPermanentAfterOneTry(HttpStatusCode status)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(status, """{"error":{"code":"TriggerInputSchemaMismatch","message":"rejected"}}""", "application/json"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.StartWith($"HTTP {(int)status}: ").And.Contain("TriggerInputSchemaMismatch"));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.RequestTimeout)]
    public async Task SendAsync_ThrottledOrServerError_IsRetriedAndDelivered(HttpStatusCode status)
    {
        var result = await CreateSut().SendAsync(Notify(), () => ChannelProbe.Answer(status), Accepted);

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 2)), result.Reason);
    }

    [Test]
    public async Task SendAsync_429WithRetryAfter_TheRetryWaitsTheAskedSeconds()
    {
        var probe = CreateSut();

        await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "2"), Accepted);

        Assert.That(probe.RetryWaits.Single(), Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2)));
    }

    [Test]
    public async Task SendAsync_WorkflowsAnswering200WithAnErrorText_IsDeliveredBecauseOnlyLegacyBodiesAreRead()
    {
        var result = await CreateSut().SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.OK, Throttled));

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 1)));
    }

    [Test]
    public async Task SendAsync_MessageCard_PostsALegacyCardToTheConnectorAndOneIsDelivered()
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, "Disk full")
        {
            Environment = "prod",
            Url = new Uri("https://ci.example.com/runs/42"),
        };
        var probe = CreateSut(Legacy);

        var result = await probe.SendAsync(Notify(alertEvent: e), One);

        var card = probe.Requests.Single().Json;
        var section = card.GetProperty("sections")[0];
        var action = card.GetProperty("potentialAction")[0];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(probe.Requests.Single().Url.AbsoluteUri, Is.EqualTo(LegacyUrl));
            Assert.That(card.GetProperty("@type").GetString(), Is.EqualTo("MessageCard"));
            Assert.That(card.GetProperty("@context").GetString(), Is.EqualTo("http://schema.org/extensions"));
            Assert.That(card.GetProperty("summary").GetString(), Is.EqualTo("[ERROR] Job nightly-import failed"));
            Assert.That(card.GetProperty("title").GetString(), Is.EqualTo("CRITICAL: [ERROR] Job nightly-import failed"));
            Assert.That(card.GetProperty("themeColor").GetString(), Is.EqualTo("D70000"));
            Assert.That(card.GetProperty("text").GetString(), Is.EqualTo("Disk full"));
            Assert.That(section.GetProperty("activityTitle").GetString(), Is.EqualTo("nightly-import"));
            Assert.That(section.GetProperty("activitySubtitle").GetString(), Is.EqualTo("prod"));
            Assert.That(section.GetProperty("facts")[0].GetProperty("name").GetString(), Is.EqualTo("Source"));
            Assert.That(action.GetProperty("@type").GetString(), Is.EqualTo("OpenUri"));
            Assert.That(action.GetProperty("targets")[0].GetProperty("uri").GetString(), Is.EqualTo("https://ci.example.com/runs/42"));
            Assert.That(probe.NotifierLogs.GetSnapshot(), Is.Empty, "a legacy 200 is posted, not merely accepted");
        }
    }

    [Test]
    public async Task SendAsync_MessageCardResolve_IsGreen()
    {
        var probe = CreateSut(Legacy);

        await probe.SendAsync(Notify(NotificationKind.Resolve), One);

        Assert.That(probe.Requests.Single().Json.GetProperty("themeColor").GetString(), Is.EqualTo("2EB886"));
    }

    [Test]
    public async Task SendAsync_MessageCardThrottledIn200Body_IsRetriedThroughThePipelineAndDelivered()
    {
        var probe = CreateSut(Legacy);

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.OK, Throttled), One);

        probe.AssertDeliveredAfterOneRetry(result);
    }

    [Test]
    public async Task SendAsync_MessageCardThrottledOnEveryTry_IsTransientQuotingTheBody()
    {
        var probe = CreateSut(o =>
        {
            Legacy(o);
        });
        probe.Retry.MaxAttempts = 2;
        Func<HttpResponseMessage> throttled = () => ChannelProbe.Answer(HttpStatusCode.OK, Throttled);

        var result = await probe.SendAsync(Notify(), throttled, throttled);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("HTTP 429: " + Throttled));
        }
    }

    [Test]
    public async Task SendAsync_MessageCardWithAnotherErrorIn200Body_IsPermanentAsThatStatus()
    {
        var result = await CreateSut(Legacy).SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.OK, "Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error 413 with ContextId x"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Does.StartWith("HTTP 413: "));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task SendAsync_MessageCardModeWithAnAdaptiveCardPayload_IsRejected()
    {
        var probe = CreateSut(Legacy);

        var result = await probe.SendAsync(Notify(payload: """{"type":"AdaptiveCard","version":"1.4","body":[]}"""));

        Assert.That((result.Status, result.Reason), Is.EqualTo((DeliveryStatus.PermanentFailure, "The payload template must render a MessageCard object.")));
    }

    [TestCase("bad sig for " + WebhookUrl)]
    [TestCase("sig " + Signature + " expired")]
    [TestCase("path /workflows/abc123/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + Signature)]
    public async Task SendAsync_ProviderEchoesTheUrl_ReasonAndLogsNeverCarryTheSignature(string echo)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.Unauthorized, echo));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.StartWith("HTTP 401: ").And.Not.Contain(Signature).And.Contain("***"));
            Assert.That(probe.Logged, Does.Not.Contain(Signature).And.Not.Contain("/workflows/"));
            Assert.That(probe.Logged, Does.Contain("https://prod-00.westeurope.logic.azure.com/***"));
        }
    }

    [Test]
    public async Task SendAsync_LegacyConnectorEchoesItsPath_ReasonNeverCarriesIt()
    {
        var result = await CreateSut(Legacy).SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.NotFound, "no webhook at " + new Uri(LegacyUrl).AbsolutePath));

        Assert.That(result.Reason, Does.Not.Contain(Signature).And.Not.Contain("abcdef0123456789"));
    }
}
