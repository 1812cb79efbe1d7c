using System.Net;
using Alerting.Notifiers;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>Slack's documented answers and how each is classified; bot mode; secrets kept out of reasons and logs.</summary>
public partial class SlackNotifierTests
{
    [TestCase(HttpStatusCode.BadRequest, "invalid_payload")]
    [TestCase(HttpStatusCode.BadRequest, "user_not_found")]
    [TestCase(HttpStatusCode.BadRequest, "no_text")]
    [TestCase(HttpStatusCode.BadRequest, "missing_text_or_fallback_or_attachments")]
    [TestCase(HttpStatusCode.BadRequest, "invalid_blocks")]
    [TestCase(HttpStatusCode.Forbidden, "action_prohibited")]
    [TestCase(HttpStatusCode.NotFound, "channel_not_found")]
    [TestCase(HttpStatusCode.NotFound, "no_team")]
    [TestCase(HttpStatusCode.Gone, "channel_is_archived")]
    public async Task SendAsync_WebhookError_IsPermanentQuotingSlacksErrorAfterOneTry(HttpStatusCode status, string error)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(status, error));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo($"HTTP {(int)status}: {error}"));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task SendAsync_429WithRetryAfterThenOk_TheRetryWaitsTheAskedSecondsAndDelivers()
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "3"), Ok);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(probe.RetryWaits.Single(), Is.InRange(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.3)));
            Assert.That(probe.Requests.Select(r => r.Body).Distinct().Count(), Is.EqualTo(1), "the retry sends the same message");
        }
    }

    [Test]
    public async Task SendAsync_500RollupErrorThenOk_IsRetriedAndDelivered()
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.InternalServerError, "rollup_error"), Ok);

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 2)), result.Reason);
    }

    [Test]
    public async Task SendAsync_Bot_PostsToChatPostMessageWithBearerTokenAndChannelAndLogsTheTs()
    {
        var probe = CreateSut(Bot);

        var result = await probe.SendAsync(Notify(), BotAnswer("""{"ok":true,"channel":"C0123456789","ts":"1503435956.000247","message":{}}"""));

        var request = probe.Requests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(request.Url.AbsoluteUri, Is.EqualTo(PostMessageUrl));
            Assert.That(request.Authorization, Is.EqualTo("Bearer " + BotToken));
            Assert.That(request.ContentType, Is.EqualTo("application/json; charset=utf-8"));
            Assert.That(request.Json.GetProperty("channel").GetString(), Is.EqualTo(ChannelId));
            Assert.That(request.Json.GetProperty("text").GetString(), Is.EqualTo(":x: ERROR: [ERROR] Job nightly-import failed"));
            Assert.That(Types(request.Json), Is.EqualTo(new[] { "header", "section", "section", "context" }));
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1602));
            Assert.That(probe.NotifierLogs.LatestRecord.Message, Does.Contain("1503435956.000247").And.Contain(ChannelId));
        }
    }

    [Test]
    public async Task SendAsync_BotWithApiBaseUrlWithoutTrailingSlash_StillCallsChatPostMessageUnderIt()
    {
        var probe = CreateSut(
            o =>
            {
                Bot(o);
                o.ApiBaseUrl = new Uri("https://slack-proxy.example.com/api");
            },
            "https://slack-proxy.example.com/api/chat.postMessage");

        var result = await probe.SendAsync(Notify(), BotAnswer("""{"ok":true}"""));

        Assert.That(result.IsDelivered, Is.True, result.Reason);
    }

    [TestCase("channel_not_found")]
    [TestCase("not_in_channel")]
    [TestCase("is_archived")]
    [TestCase("msg_too_long")]
    [TestCase("no_text")]
    [TestCase("too_many_attachments")]
    [TestCase("not_authed")]
    [TestCase("invalid_auth")]
    [TestCase("account_inactive")]
    [TestCase("invalid_arg_name")]
    [TestCase("invalid_form_data")]
    [TestCase("invalid_blocks")]
    [TestCase("msg_blocks_too_long")]
    public async Task SendAsync_BotOkFalse_IsPermanentNamingTheErrorAfterOneTry(string error)
    {
        var probe = CreateSut(Bot);

        var result = await probe.SendAsync(Notify(), BotAnswer($$"""{"ok":false,"error":"{{error}}"}"""));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Reason, Is.EqualTo("Slack error " + error));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(probe.NotifierLogs.LatestRecord.Id.Id, Is.EqualTo(1603));
        }
    }

    [Test]
    public async Task SendAsync_BotOkFalseWithoutAnError_IsPermanentAsUnknownError()
    {
        var result = await CreateSut(Bot).SendAsync(Notify(), BotAnswer("""{"ok":false}"""));

        Assert.That((result.Status, result.Reason), Is.EqualTo((DeliveryStatus.PermanentFailure, "Slack error unknown_error")));
    }

    [TestCase("ratelimited")]
    [TestCase("rate_limited")]
    [TestCase("internal_error")]
    [TestCase("fatal_error")]
    public async Task SendAsync_BotTransientOkFalse_IsRetriedThroughThePipelineAndDelivered(string error)
    {
        var probe = CreateSut(Bot);

        var result = await probe.SendAsync(Notify(), BotAnswer($$"""{"ok":false,"error":"{{error}}"}"""), BotAnswer("""{"ok":true,"ts":"1.2"}"""));

        probe.AssertDeliveredAfterOneRetry(result);
    }

    [Test]
    public async Task SendAsync_BotRateLimitedUntilRetriesRunOut_IsTransientNamingSlacksError()
    {
        var probe = CreateSut(o =>
        {
            Bot(o);
        });
        probe.Retry.MaxAttempts = 2;
        var limited = BotAnswer("""{"ok":false,"error":"ratelimited"}""");

        var result = await probe.SendAsync(Notify(), limited, limited);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("HTTP 429: Slack error ratelimited"));
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_BotRateLimitedInTheBody_CountsTowardsTheCircuitBreaker()
    {
        var probe = CreateSut(o =>
        {
            Bot(o);
            o.Http.CircuitBreakerFailureThreshold = 2;
        });
        probe.Retry.MaxAttempts = 2;
        var limited = BotAnswer("""{"ok":false,"error":"ratelimited"}""");

        await probe.SendAsync(Notify(), limited, limited);

        Assert.That(probe.Rig!.Pipeline.Breaker.CircuitState, Is.EqualTo(Polly.CircuitBreaker.CircuitState.Open));
    }

    [Test]
    public async Task SendAsync_BotHttp429WithRetryAfter_IsRetried()
    {
        var result = await CreateSut(Bot).SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "1"), BotAnswer("""{"ok":true}"""));

        Assert.That((result.Status, result.Attempts), Is.EqualTo((DeliveryStatus.Delivered, 2)), result.Reason);
    }

    [TestCase("bad request for " + WebhookUrl)]
    [TestCase("no route to /services/T000/B000/" + WebhookToken)]
    [TestCase("token " + WebhookToken + " revoked")]
    public async Task SendAsync_WebhookEchoesItsUrl_ReasonAndLogsNeverCarryThePath(string echo)
    {
        var probe = CreateSut();

        var result = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.BadRequest, echo));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.StartWith("HTTP 400: ").And.Not.Contain(WebhookToken).And.Contain("***"));
            Assert.That(probe.Logged, Does.Not.Contain(WebhookToken).And.Not.Contain("/services/"));
            Assert.That(probe.Logged, Does.Contain("https://hooks.slack.com/***"), "the pipeline logs the endpoint redacted");
        }
    }

    [Test]
    public async Task SendAsync_BotEchoesItsToken_ReasonAndLogsNeverCarryIt()
    {
        var probe = CreateSut(Bot);

        var permanent = await probe.SendAsync(Notify(), BotAnswer($$"""{"ok":false,"error":"invalid_auth {{BotToken}}"}"""));
        var failed = await probe.SendAsync(Notify(), () => ChannelProbe.Answer(HttpStatusCode.Forbidden, "bad token " + BotToken));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(permanent.Reason, Is.EqualTo("Slack error invalid_auth ***"));
            Assert.That(failed.Reason, Is.EqualTo("HTTP 403: bad token ***"));
            Assert.That(probe.Logged, Does.Not.Contain("s3cr3t"));
        }
    }
}
