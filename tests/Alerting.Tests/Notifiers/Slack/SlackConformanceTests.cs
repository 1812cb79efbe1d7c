using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Slack;
using Alerting.Testing;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>
/// Slack through the public notifier conformance suite, in both modes: an incoming webhook (its secret is the URL's
/// path) and a bot token on <c>chat.postMessage</c> (its secret is the token; errors come in 200 bodies).
/// </summary>
[TestFixture]
public class SlackConformanceTests
{
    private const string WebhookPath = "/services/T000/B000/s3cr3tW3bh00kT0k3n";
    private const string WebhookUrl = "https://hooks.slack.com" + WebhookPath;
    private const string BotToken = "xoxb-1111-2222-s3cr3tb0tt0k3n";
    private const string PostMessageUrl = "https://slack.com/api/chat.postMessage";

    [TestCaseSource(nameof(WebhookCases))]
    public Task Webhook(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    [TestCaseSource(nameof(BotCases))]
    public Task Bot(NotifierConformanceCase conformanceCase) => conformanceCase.RunAsync();

    private static IEnumerable<NotifierConformanceCase> WebhookCases() => Suite(
        "Slack webhook",
        new SlackOptions { WebhookUrl = new Uri(WebhookUrl) },
        [WebhookPath, "s3cr3tW3bh00kT0k3n"], // a webhook URL's last segment is its token
        () => ProviderAnswer.Response(HttpStatusCode.OK, "ok"),
        (status, detail) => ProviderAnswer.Response((HttpStatusCode)status, detail),
        [
            new("200 ok", () => ProviderAnswer.Response(HttpStatusCode.OK, "ok"), DeliveryStatus.Delivered),
            new("400 invalid_payload", () => ProviderAnswer.Response(HttpStatusCode.BadRequest, "invalid_payload"), DeliveryStatus.PermanentFailure, "HTTP 400: invalid_payload"),
            new("403 action_prohibited", () => ProviderAnswer.Response(HttpStatusCode.Forbidden, "action_prohibited"), DeliveryStatus.PermanentFailure, "HTTP 403: action_prohibited"),
            new("404 no_team", () => ProviderAnswer.Response(HttpStatusCode.NotFound, "no_team"), DeliveryStatus.PermanentFailure, "HTTP 404: no_team"),
            new("410 channel_is_archived", () => ProviderAnswer.Response(HttpStatusCode.Gone, "channel_is_archived"), DeliveryStatus.PermanentFailure, "HTTP 410: channel_is_archived"),
            new("500 rollup_error", () => ProviderAnswer.Response(HttpStatusCode.InternalServerError, "rollup_error"), DeliveryStatus.TransientFailure, "HTTP 500: rollup_error"),
        ]);

    private static IEnumerable<NotifierConformanceCase> BotCases() => Suite(
        "Slack bot",
        new SlackOptions { BotToken = BotToken, ChannelId = "C0123456789" },
        [BotToken],
        () => Json(HttpStatusCode.OK, """{"ok":true,"ts":"1503435956.000247"}"""),
        (status, detail) => SlackError((HttpStatusCode)status, detail),
        [
            new("200 ok true", () => Json(HttpStatusCode.OK, """{"ok":true,"ts":"1503435956.000247"}"""), DeliveryStatus.Delivered),
            new("200 invalid_auth", () => SlackError(HttpStatusCode.OK, "invalid_auth"), DeliveryStatus.PermanentFailure, "Slack error invalid_auth"),
            new("200 channel_not_found", () => SlackError(HttpStatusCode.OK, "channel_not_found"), DeliveryStatus.PermanentFailure, "Slack error channel_not_found"),
            new("200 msg_too_long", () => SlackError(HttpStatusCode.OK, "msg_too_long"), DeliveryStatus.PermanentFailure, "Slack error msg_too_long"),
            new("200 ratelimited", () => SlackError(HttpStatusCode.OK, "ratelimited"), DeliveryStatus.TransientFailure, "HTTP 429: Slack error ratelimited"),
            new("200 internal_error", () => SlackError(HttpStatusCode.OK, "internal_error"), DeliveryStatus.TransientFailure, "Slack error internal_error"),
            new("200 fatal_error", () => SlackError(HttpStatusCode.OK, "fatal_error"), DeliveryStatus.TransientFailure, "Slack error fatal_error"),
            new("429 with Retry-After", () => ProviderAnswer.Response(HttpStatusCode.TooManyRequests, retryAfter: "1"), DeliveryStatus.TransientFailure, "HTTP 429"),
        ]);

    private static IEnumerable<NotifierConformanceCase> Suite(
        string name, SlackOptions options, string[] secrets, Func<HttpResponseMessage> accepted, Func<int, string, HttpResponseMessage> failure, ProviderAnswer[] answers) =>
        new NotifierConformance(new NotifierConformanceSetup
        {
            Name = name,
            NotifierOptions = options,
            Endpoint = new Uri(options.BotToken is null ? WebhookUrl : PostMessageUrl),
            CreateNotifier = c => new SlackNotifier(options, c.Http, c.Time, c.LoggerFactory),
            Secrets = secrets,
            Accepted = accepted,
            Failure = failure,
            DocumentedAnswers = answers,
            SentTitle = r => Block(r, "header").GetProperty("text").GetProperty("text").GetString()!,
            SentMessage = r => Block(r, "section").GetProperty("text").GetProperty("text").GetString()!,
        }).Cases;

    private static JsonElement Block(SentRequest request, string type) =>
        request.Json.GetProperty("blocks").EnumerateArray().First(b => b.GetProperty("type").GetString() == type);

    private static HttpResponseMessage SlackError(HttpStatusCode status, string error) =>
        Json(status, JsonSerializer.Serialize(new { ok = false, error }));

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => ProviderAnswer.Response(status, json, "application/json");
}
