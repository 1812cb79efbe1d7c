using System.Net;
using System.Text.Json;
using Alerting.Notifiers;
using Alerting.Notifiers.Slack;
using Alerting.Tests.Notifiers.Http;

namespace Alerting.Tests.Notifiers.Slack;

/// <summary>
/// Slack under the shared notifier contract, in both modes: an incoming webhook (its secret is the URL's path) and a
/// bot token on <c>chat.postMessage</c> (its secret is the token; errors come in 200 bodies).
/// </summary>
[TestFixture(Webhook)]
[TestFixture(Bot)]
public class SlackConformanceTests(string mode) : NotifierConformanceTests<SlackNotifier>
{
    private const string Webhook = "webhook";
    private const string Bot = "bot";
    private const string WebhookPath = "/services/T000/B000/s3cr3tW3bh00kT0k3n";
    private const string WebhookUrl = "https://hooks.slack.com" + WebhookPath;
    private const string BotToken = "xoxb-1111-2222-s3cr3tb0tt0k3n";
    private const string PostMessageUrl = "https://slack.com/api/chat.postMessage";

    private bool UsesBot => mode == Bot;

    private protected override IReadOnlyList<string> Secrets =>
        UsesBot ? [BotToken] : [WebhookPath, "s3cr3tW3bh00kT0k3n"]; // a webhook URL's last segment is its token

    private protected override IEnumerable<ProviderAnswer> ProviderAnswers => UsesBot
        ?
        [
            new("200 ok true", () => Json(HttpStatusCode.OK, """{"ok":true,"ts":"1503435956.000247"}"""), DeliveryStatus.Delivered),
            new("200 invalid_auth", () => SlackError(HttpStatusCode.OK, "invalid_auth"), DeliveryStatus.PermanentFailure, "Slack error invalid_auth"),
            new("200 channel_not_found", () => SlackError(HttpStatusCode.OK, "channel_not_found"), DeliveryStatus.PermanentFailure, "Slack error channel_not_found"),
            new("200 msg_too_long", () => SlackError(HttpStatusCode.OK, "msg_too_long"), DeliveryStatus.PermanentFailure, "Slack error msg_too_long"),
            new("200 ratelimited", () => SlackError(HttpStatusCode.OK, "ratelimited"), DeliveryStatus.TransientFailure, "HTTP 429: Slack error ratelimited"),
            new("200 internal_error", () => SlackError(HttpStatusCode.OK, "internal_error"), DeliveryStatus.TransientFailure, "Slack error internal_error"),
            new("200 fatal_error", () => SlackError(HttpStatusCode.OK, "fatal_error"), DeliveryStatus.TransientFailure, "Slack error fatal_error"),
            new("429 with Retry-After", () => ChannelProbe.Answer(HttpStatusCode.TooManyRequests, retryAfter: "1"), DeliveryStatus.TransientFailure, "HTTP 429"),
        ]
        :
        [
            new("200 ok", ProviderAnswer.Status(HttpStatusCode.OK, "ok"), DeliveryStatus.Delivered),
            new("400 invalid_payload", ProviderAnswer.Status(HttpStatusCode.BadRequest, "invalid_payload"), DeliveryStatus.PermanentFailure, "HTTP 400: invalid_payload"),
            new("403 action_prohibited", ProviderAnswer.Status(HttpStatusCode.Forbidden, "action_prohibited"), DeliveryStatus.PermanentFailure, "HTTP 403: action_prohibited"),
            new("404 no_team", ProviderAnswer.Status(HttpStatusCode.NotFound, "no_team"), DeliveryStatus.PermanentFailure, "HTTP 404: no_team"),
            new("410 channel_is_archived", ProviderAnswer.Status(HttpStatusCode.Gone, "channel_is_archived"), DeliveryStatus.PermanentFailure, "HTTP 410: channel_is_archived"),
            new("500 rollup_error", ProviderAnswer.Status(HttpStatusCode.InternalServerError, "rollup_error"), DeliveryStatus.TransientFailure, "HTTP 500: rollup_error"),
        ];

    private protected override Func<SentRequest, string> SentTitle => r => Block(r, "header").GetProperty("text").GetProperty("text").GetString()!;

    private protected override Func<SentRequest, string>? SentMessage => r => Block(r, "section").GetProperty("text").GetProperty("text").GetString()!;

    private protected override ConformanceChannel<SlackNotifier> CreateChannel()
    {
        var options = UsesBot
            ? new SlackOptions { BotToken = BotToken, ChannelId = "C0123456789", Http = HttpRig.Quick() }
            : new SlackOptions { WebhookUrl = new Uri(WebhookUrl), Http = HttpRig.Quick() };
        return new(options, UsesBot ? PostMessageUrl : WebhookUrl, (client, clock, logs) => new SlackNotifier(options, client, clock, logs));
    }

    private protected override HttpResponseMessage Accepted() =>
        UsesBot ? Json(HttpStatusCode.OK, """{"ok":true,"ts":"1503435956.000247"}""") : ChannelProbe.Answer(HttpStatusCode.OK, "ok");

    private protected override HttpResponseMessage Failure(int status, string detail) =>
        UsesBot ? SlackError((HttpStatusCode)status, detail) : ChannelProbe.Answer((HttpStatusCode)status, detail);

    private static JsonElement Block(SentRequest request, string type) =>
        request.Json.GetProperty("blocks").EnumerateArray().First(b => b.GetProperty("type").GetString() == type);

    private static HttpResponseMessage SlackError(HttpStatusCode status, string error) =>
        Json(status, JsonSerializer.Serialize(new { ok = false, error }));

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => ChannelProbe.Answer(status, json, "application/json");
}
