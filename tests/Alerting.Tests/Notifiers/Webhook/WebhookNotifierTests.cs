using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Webhook;
using Alerting.Notifiers.Webhook.Internal;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Notifiers.Http;
using Alerting.Tests.Support;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Webhook;

[TestFixture]
public partial class WebhookNotifierTests
{
    internal const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Url = "https://hooks.example.com/alerts/t0k3n-in-path";

    private static (WebhookNotifier Notifier, HttpRig Rig) CreateSut(HttpMessageHandler handler, Action<WebhookOptions>? configure = null)
    {
        var options = new WebhookOptions { Url = Url, Http = HttpRig.Quick() };
        configure?.Invoke(options);
        var rig = new HttpRig(options, handler, "hook");
        return (new WebhookNotifier(options, rig.Client, rig.Clock), rig);
    }

    private static Notification Notify(AlertEvent? alertEvent = null, string? payload = null, NotificationKind kind = NotificationKind.Trigger)
    {
        var e = alertEvent ?? Some.Event(attributes: new Dictionary<string, object?> { ["region"] = "eu west/1", ["rows"] = 42 });
        return new Notification
        {
            ChannelName = "hook",
            RuleName = "failures",
            Event = e,
            Kind = kind,
            Severity = e.Severity,
            DedupKey = e.EffectiveDedupKey,
            Title = "Job nightly-import failed",
            Message = "Disk full",
            Payload = payload,
        };
    }

    private static async Task<(HttpRequestMessage Request, string Body)> SentAsync(Notification notification, Action<WebhookOptions>? configure = null)
    {
        using var mock = new MockHttpMessageHandler();
        HttpRequestMessage? sent = null;
        string? body = null;
        mock.Fallback.Respond(async request =>
        {
            sent = request;
            body = await request.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.NoContent);
        });
        var (notifier, rig) = CreateSut(mock, configure);
        using (rig)
        {
            var result = await notifier.SendAsync(notification, CancellationToken.None);
            Assert.That(result.IsDelivered, Is.True, result.Reason);
        }

        return (sent!, body!);
    }

    [Test]
    public async Task SendAsync_NoPayloadTemplate_PostsTheWholeEventAsJson()
    {
        var (request, body) = await SentAsync(Notify());

        var json = JsonDocument.Parse(body).RootElement;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
            Assert.That(request.RequestUri, Is.EqualTo(new Uri(Url)));
            Assert.That(request.Content!.Headers.ContentType!.ToString(), Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(request.Headers.UserAgent.ToString(), Does.StartWith("Alerting/"));
            Assert.That(json.GetProperty("type").GetString(), Is.EqualTo("job.failed"));
            Assert.That(json.GetProperty("source").GetString(), Is.EqualTo("nightly-import"));
            Assert.That(json.GetProperty("message").GetString(), Is.EqualTo("Disk full"));
            Assert.That(json.GetProperty("attributes").GetProperty("rows").GetInt32(), Is.EqualTo(42));
            Assert.That(request.Headers.Contains(StandardWebhookSigner.SignatureHeader), Is.False);
        }
    }

    [Test]
    public async Task SendAsync_PayloadTemplate_SendsTheRenderedPayload()
    {
        var (_, body) = await SentAsync(Notify(payload: """{"text":"a \"quoted\" value"}"""));

        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("text").GetString(), Is.EqualTo("a \"quoted\" value"));
    }

    [Test]
    public async Task SendAsync_UrlTemplate_ValuesUrlEncoded()
    {
        var (request, _) = await SentAsync(Notify(), o => o.Url = "https://hooks.example.com/{source}?region={attributes.region}");

        Assert.That(request.RequestUri!.AbsoluteUri, Is.EqualTo("https://hooks.example.com/nightly-import?region=eu%20west%2F1"));
    }

    [Test]
    public async Task SendAsync_PutWithTemplatedHeaders_SendsThem()
    {
        var (request, _) = await SentAsync(Notify(), o =>
        {
            o.Method = "put";
            o.Headers["Authorization"] = "Bearer abc";
            o.Headers["X-Alert-Source"] = "{source}";
            o.Headers["User-Agent"] = "ops-bot/2";
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Method, Is.EqualTo(HttpMethod.Put));
            Assert.That(request.Headers.Authorization!.ToString(), Is.EqualTo("Bearer abc"));
            Assert.That(request.Headers.GetValues("X-Alert-Source"), Is.EqualTo(new[] { "nightly-import" }));
            Assert.That(request.Headers.UserAgent.ToString(), Is.EqualTo("ops-bot/2"));
        }
    }

    [Test]
    public async Task SendAsync_FormFormat_SendsFormEncodedFields()
    {
        var (request, body) = await SentAsync(Notify(), o =>
        {
            o.Format = WebhookBodyFormat.Form;
            o.FormFields["text"] = "{title}: {message}";
            o.FormFields["region"] = "{attributes.region}";
        });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Content!.Headers.ContentType!.MediaType, Is.EqualTo("application/x-www-form-urlencoded"));
            Assert.That(body, Is.EqualTo("text=Job%20nightly-import%20failed%3A%20Disk%20full&region=eu%20west%2F1"));
        }
    }

    [Test]
    public async Task SendAsync_FormFormatWithoutFields_SendsTheEventsMainFields()
    {
        var (_, body) = await SentAsync(Notify(), o => o.Format = WebhookBodyFormat.Form);

        Assert.That(body, Does.StartWith("type=job.failed&source=nightly-import&severity=").And.Contain("&dedup_key="));
    }

    [Test]
    public void Sign_ReferenceTestVector_MatchesTheStandardWebhooksLibraries()
    {
        var key = StandardWebhookSigner.DecodeSecret(Secret)!;

        var signature = StandardWebhookSigner.Sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}"""u8);

        Assert.That(signature, Is.EqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="));
    }

    [Test]
    public async Task SendAsync_Signed_IdStableAcrossRetriesTimestampAndSignaturePerAttempt()
    {
        var tries = new List<(string Id, string Timestamp, string Signature, byte[] Body)>();
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(async request =>
        {
            tries.Add((
                request.Headers.GetValues("webhook-id").Single(),
                request.Headers.GetValues("webhook-timestamp").Single(),
                request.Headers.GetValues("webhook-signature").Single(),
                await request.Content!.ReadAsByteArrayAsync()));
            var response = new HttpResponseMessage(tries.Count == 1 ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK);
            response.Headers.TryAddWithoutValidation("Retry-After", "5");
            return response;
        });
        var (notifier, rig) = CreateSut(mock, o => o.SigningSecret = Secret);
        using (rig)
        {
            var result = await ChannelProbe.RetryAsync(n => notifier.SendAsync(n, CancellationToken.None).AsTask(), Notify(), new DeliveryRetryOptions(), rig.Clock, []);
            Assert.That(result.IsDelivered, Is.True);
        }

        var key = StandardWebhookSigner.DecodeSecret(Secret)!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(tries, Has.Count.EqualTo(2));
            Assert.That(tries[0].Id, Is.EqualTo(tries[1].Id).And.StartWith("msg_").And.Not.Contain("."));
            Assert.That(long.Parse(tries[1].Timestamp) - long.Parse(tries[0].Timestamp), Is.InRange(5, 6));
            Assert.That(tries[0].Timestamp, Is.EqualTo(TimerClock.Epoch.ToUnixTimeSeconds().ToString()));
            foreach (var (id, timestamp, signature, body) in tries)
            {
                Assert.That(signature, Is.EqualTo(StandardWebhookSigner.Sign(key, id, long.Parse(timestamp), body)));
            }
        }
    }

    [Test]
    public void MessageId_SameDelivery_SameIdOtherwiseDifferent()
    {
        var notification = Notify();
        var id = StandardWebhookSigner.MessageId(notification);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(StandardWebhookSigner.MessageId(Notify(notification.Event)), Is.EqualTo(id));
            Assert.That(StandardWebhookSigner.MessageId(Notify(notification.Event, kind: NotificationKind.Resolve)), Is.Not.EqualTo(id));
            Assert.That(StandardWebhookSigner.MessageId(Notify()), Is.Not.EqualTo(id));
        }
    }

    [TestCase(HttpStatusCode.OK)]
    [TestCase(HttpStatusCode.Created)]
    [TestCase(HttpStatusCode.Accepted)]
    [TestCase(HttpStatusCode.NoContent)]
    public async Task SendAsync_Any2xx_Delivered(HttpStatusCode status)
    {
        var result = await AnswerAsync(status);

        Assert.That(result.IsDelivered, Is.True);
    }

    [TestCase(HttpStatusCode.MovedPermanently)]
    [TestCase(HttpStatusCode.Found)]
    [TestCase(HttpStatusCode.PermanentRedirect)]
    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    [TestCase(HttpStatusCode.Gone)]
    public async Task SendAsync_RedirectOrDefaultPermanentStatus_FailsWithoutRetryOrFollowing(HttpStatusCode status)
    {
        var result = await AnswerAsync(status);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [TestCase(HttpStatusCode.UnprocessableEntity)]
    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    public async Task SendAsync_OtherErrorStatus_RetriedAsStandardWebhooksRecommends(HttpStatusCode status)
    {
        var result = await AnswerAsync(status, maxAttempts: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(3));
        }
    }

    [Test]
    public async Task SendAsync_ConfiguredPermanentSet_ReplacesTheDefault()
    {
        var unprocessable = await AnswerAsync(HttpStatusCode.UnprocessableEntity, o => o.PermanentStatusCodes = [422]);
        var badRequest = await AnswerAsync(HttpStatusCode.BadRequest, o => o.PermanentStatusCodes = [422], maxAttempts: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(unprocessable.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(badRequest.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(badRequest.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_Failures_ReasonNeverHoldsTheUrlPathOrSecret()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(HttpStatusCode.BadRequest, "text/plain", $"bad signature for {Secret} at /alerts/t0k3n-in-path");
        var (notifier, rig) = CreateSut(mock, o => o.SigningSecret = Secret);
        using (rig)
        {
            var result = await notifier.SendAsync(Notify(), CancellationToken.None);

            using (Assert.EnterMultipleScope())
            {
                Assert.That(result.Reason, Does.Not.Contain(Secret));
                Assert.That(rig.Logger.Collector.GetSnapshot().Select(r => r.Message), Has.None.Contain("t0k3n").And.None.Contain(Secret));
            }
        }
    }

    /// <summary>Answers every request with <paramref name="status"/>; retried as the dispatcher retries, up to <paramref name="maxAttempts"/>.</summary>
    private static async Task<DeliveryResult> AnswerAsync(HttpStatusCode status, Action<WebhookOptions>? configure = null, int maxAttempts = 4)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ => new HttpResponseMessage(status) { Headers = { Location = new Uri("https://elsewhere.example/") } });
        var (notifier, rig) = CreateSut(mock, configure);
        using (rig)
        {
            return await ChannelProbe.RetryAsync(
                n => notifier.SendAsync(n, CancellationToken.None).AsTask(), Notify(), new DeliveryRetryOptions { MaxAttempts = maxAttempts }, rig.Clock, []);
        }
    }
}
