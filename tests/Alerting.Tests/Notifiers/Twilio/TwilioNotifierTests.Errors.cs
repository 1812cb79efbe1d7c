using System.Net;
using System.Text;
using Alerting.Notifiers;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>How each of Twilio's answers is classified: the reference's error-code table, then the HTTP status.</summary>
public partial class TwilioNotifierTests
{
    [TestCase(21610, "21610 recipient opted out (replied STOP)")]
    [TestCase(21211, "21211 invalid 'To' number")]
    [TestCase(21612, "21612 'To' cannot be reached from this sender")]
    [TestCase(21614, "21614 'To' is not a mobile number")]
    [TestCase(21635, "21635 'To' is a landline")]
    [TestCase(21606, "21606 the 'From' number cannot send SMS")]
    [TestCase(21608, "21608 unverified recipient for a trial account")]
    [TestCase(21617, "21617 body over 1600 characters")]
    [TestCase(21658, "21658 body or a parameter over its limit")]
    [TestCase(14103, "14103 empty body or body over 1600 characters")]
    public async Task SendAsync_PermanentErrorCode_FailsPermanentlyAfterOneRequestWithCodeAndMeaning(int code, string meaning)
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(400, code, "Twilio's own words"));

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1), "never retried");
            Assert.That(result.Recipients.Single().Reason, Is.EqualTo($"HTTP 400: {meaning}: Twilio's own words"));
        }
    }

    [Test]
    public async Task SendAsync_OptedOutCodeOnAServerError_IsStillNotRetried()
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(500, 21610, "Attempt to send to unsubscribed recipient"));

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [TestCase(401, 20003, "Authenticate", "HTTP 401: 20003 authentication failed; check the credentials: Authenticate")]
    [TestCase(400, 21602, "Message body is required.", "HTTP 400: 21602 Message body is required.")]
    [TestCase(404, 20404, "The requested resource was not found", "HTTP 404: 20404 The requested resource was not found")]
    [TestCase(403, 20008, "Resource not accessible with Test Account Credentials", "HTTP 403: 20008 Resource not accessible with Test Account Credentials")]
    public async Task SendAsync_ClientError_FailsPermanentlyAfterOneRequestWithTwiliosCodeAndMessage(int status, int code, string message, string reason)
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(status, code, message));

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Recipients.Single().Reason, Is.EqualTo(reason));
        }
    }

    [Test]
    public async Task SendAsync_20429WithRetryAfter_WaitsWhatTwilioAskedThenDelivers()
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(429, 20429, "Too Many Requests", retryAfter: "2"));
        sut.ExpectMessage().Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(sut.RetryWaits.Single(), Is.InRange(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.2)), "Retry-After plus at most 10 % jitter");
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_429OnEveryTry_IsTransientWithTheCodeAfterAllTries()
    {
        using var sut = CreateSut();
        sut.Retry.MaxAttempts = 3;
        for (var i = 0; i < 3; i++)
        {
            sut.ExpectMessage().Respond(_ => TwilioRig.Error(429, 20429, "Too Many Requests"));
        }

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Recipients.Single().Reason, Is.EqualTo("HTTP 429: 20429 too many concurrent requests; not processed: Too Many Requests"));
        }
    }

    [TestCase(500, 20500, "Internal Server Error")]
    [TestCase(502, 20500, "Internal Server Error")]
    [TestCase(503, 20500, "Internal Server Error")]
    [TestCase(400, 21611, "This 'From' number has exceeded the maximum number of queued messages")]
    public async Task SendAsync_ServerErrorOrSenderQueueFullThenCreated_IsRetriedAndDelivered(int status, int code, string message)
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(status, code, message));
        sut.ExpectMessage().Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_ServerErrorWithoutTwilioBody_IsTransientQuotingTheStatus()
    {
        using var sut = CreateSut();
        sut.Retry.MaxAttempts = 1;
        sut.ExpectMessage().Respond(HttpStatusCode.BadGateway);

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Recipients.Single().Reason, Is.EqualTo("HTTP 502"));
        }
    }

    [Test]
    public async Task SendAsync_NetworkErrorThenCreated_IsRetriedAndDelivered()
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Throw(new HttpRequestException(HttpRequestError.ConnectionError, "connection reset"));
        sut.ExpectMessage().Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        Assert.That((result.IsDelivered, result.Attempts), Is.EqualTo((true, 2)), result.Reason);
    }

    [Test]
    public async Task SendAsync_CutErrorBody_StillYieldsTheCode()
    {
        using var sut = CreateSut();
        var padding = new string('x', 5000);
        sut.ExpectMessage().Respond(_ => new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent($$"""{"code":21610,"message":"Attempt to send to unsubscribed recipient","more_info":"{{padding}}","status":400}""", Encoding.UTF8, "application/json"),
        });

        var result = await sut.SendAsync();

        Assert.That(result.Recipients.Single().Reason, Does.StartWith("HTTP 400: 21610 recipient opted out"));
    }

    [Test]
    public async Task SendAsync_RedirectAnswer_IsPermanentAndNotFollowed()
    {
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Found);
            response.Headers.Location = new Uri("https://elsewhere.example.com/");
            return response;
        });

        var result = await sut.SendAsync();

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.PermanentFailure, 1)), result.Reason);
    }
}
