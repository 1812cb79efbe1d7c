using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>
/// The pipeline's body classification, for providers that report failures in the body (Slack's <c>chat.postMessage</c>,
/// Teams' legacy connectors): the body is read per request, and the status it stands for drives the retry and the result.
/// </summary>
[TestFixture]
public class HttpBodyClassificationTests
{
    private const string Url = "https://provider.example/api/post";

    /// <summary>Reads 200 bodies; <c>busy</c> stands for 429.</summary>
    private sealed class BodyOptions(HttpDeliveryOptions http) : IHttpNotifierOptions
    {
        public HttpDeliveryOptions Http { get; } = http;

        public bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

        public bool InspectsBody(int statusCode) => statusCode == 200;

        public int? StatusInBody(int statusCode, string body) => body == "busy" ? 429 : null;
    }

    /// <summary>Sends through the public plugin API, retried as the dispatcher retries; returns the last exchange and the result.</summary>
    private static async Task<(HttpExchange Exchange, DeliveryResult Result)> SendAsync(MockHttpMessageHandler mock, int maxAttempts = 4)
    {
        using var rig = new HttpRig(new BodyOptions(HttpRig.Quick()), mock);
        HttpExchange? last = null;
        var result = await ChannelProbe.RetryAsync(
            async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent("{}") };
                last = await HttpNotifierDelivery.ExchangeAsync(rig.Client, request, true, rig.Clock, CancellationToken.None);
                return HttpNotifierDelivery.ToResult(last, rig.Options, null);
            },
            ChannelProbe.Notification("probe"),
            new DeliveryRetryOptions { MaxAttempts = maxAttempts },
            rig.Clock,
            []);
        return (last!, result);
    }

    [Test]
    public async Task SendAsync_200WhoseBodyStandsFor429ThenAGood200_IsRetriedAndTheNotifierReadsTheGoodBody()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.OK, "text/plain", "busy");
        mock.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.OK, "application/json", """{"ok":true}""");

        var (exchange, result) = await SendAsync(mock);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(exchange.Body, Is.EqualTo("""{"ok":true}"""), "the buffered body stays readable");
        }

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task SendAsync_BodyStandsFor429OnEveryTry_TransientAs429QuotingTheBody()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Url).Respond(HttpStatusCode.OK, "text/plain", "busy");

        var (exchange, result) = await SendAsync(mock, maxAttempts: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exchange.StatusCode, Is.EqualTo(429));
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("HTTP 429: busy"));
            Assert.That(result.Attempts, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task SendAsync_OrdinaryBody_KeepsTheResponsesOwnStatus()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.OK, "text/plain", "fine");

        var (exchange, result) = await SendAsync(mock);

        Assert.That((exchange.StatusCode, result.Status, exchange.Body), Is.EqualTo(((int?)200, DeliveryStatus.Delivered, "fine")));
    }

    [Test]
    public void SecretsOfUrl_SlackWebhook_IncludesThePathAndItsTokenSegment()
    {
        var secrets = HttpNotifierDelivery.SecretsOfUrl(new Uri("https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n"));

        Assert.That(secrets, Does.Contain("/services/T000/B000/s3cr3tT0k3n").And.Contain("s3cr3tT0k3n").And.Contain("https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n"));
    }

    [Test]
    public void SecretsOfUrl_WorkflowsUrl_IncludesTheSigValueEncodedAndDecoded()
    {
        var secrets = HttpNotifierDelivery.SecretsOfUrl(new Uri("https://x.logic.azure.com/workflows/abc/invoke?sp=%2Ftriggers%2Fmanual&sig=s1g%2Bvalue"));

        Assert.That(secrets, Does.Contain("s1g%2Bvalue").And.Contain("s1g+value").And.Contain("sp=%2Ftriggers%2Fmanual&sig=s1g%2Bvalue"));
    }

    [Test]
    public void SecretsOfUrl_AreLongestFirstSoAWholeUrlIsMaskedBeforeItsParts()
    {
        var secrets = HttpNotifierDelivery.SecretsOfUrl(new Uri("https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n"));

        Assert.That(secrets.Select(s => s.Length), Is.Ordered.Descending);
    }

    [Test]
    public void SecretsOfUrl_UrlWithoutPathOrQuery_HasNothingSecret() =>
        Assert.That(HttpNotifierDelivery.SecretsOfUrl(new Uri("https://example.com/")), Is.Empty);
}
