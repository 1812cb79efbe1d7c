using Alerting.Notifiers.Http;
using Alerting.Notifiers.Slack.Internal;

namespace Alerting.Notifiers.Slack;

/// <summary>
/// Options of a Slack channel: an incoming webhook (<see cref="WebhookUrl"/>), or a bot token and a channel id for
/// <c>chat.postMessage</c>. Webhook URLs and tokens are credentials: keep them in configuration, user secrets or the
/// environment; they never appear in logs, reasons or metrics.
/// </summary>
public sealed class SlackOptions : IHttpNotifierOptions
{
    /// <summary>Gets or sets the incoming webhook URL (<c>https://hooks.slack.com/services/T…/B…/…</c>). A secret: its path grants posting rights.</summary>
    /// <value>Required unless <see cref="BotToken"/> is set; HTTPS unless <see cref="HttpDeliveryOptions.AllowInsecureHttp"/> is set.</value>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets a bot token (<c>xoxb-…</c>, scope <c>chat:write</c>) to post with <c>chat.postMessage</c> instead of a webhook. A secret.</summary>
    /// <value>Defaults to <see langword="null"/>: the webhook is used. Set either this or <see cref="WebhookUrl"/>.</value>
    public string? BotToken { get; set; }

    /// <summary>Gets or sets the id (<c>C…</c>) of the channel the bot posts to; the bot must be a member of it.</summary>
    /// <value>Required with <see cref="BotToken"/>.</value>
    public string? ChannelId { get; set; }

    /// <summary>Gets or sets the base URL of Slack's Web API, for <c>chat.postMessage</c> (an emulator or a proxy in tests).</summary>
    /// <value>Defaults to <c>https://slack.com/api/</c>.</value>
    public Uri ApiBaseUrl { get; set; } = new(SlackConstants.DefaultApiBaseUrl);

    /// <summary>Gets or sets the attributes shown as fields after source, type, environment and time, by name.</summary>
    /// <value>Defaults to none. Slack shows at most 10 fields: past that, the last field says how many were left out.</value>
    public List<string> Attributes { get; set; } = [];

    /// <summary>Gets or sets the emoji that starts the header of an alert, per severity; Slack messages have no colour bar without legacy attachments.</summary>
    /// <value>Defaults to <c>:information_source:</c>, <c>:warning:</c>, <c>:x:</c> and <c>:rotating_light:</c>; <c>:bell:</c> for a severity left out.</value>
    public Dictionary<AlertSeverity, string> SeverityEmoji { get; set; } = new()
    {
        [AlertSeverity.Info] = ":information_source:",
        [AlertSeverity.Warning] = ":warning:",
        [AlertSeverity.Error] = ":x:",
        [AlertSeverity.Critical] = ":rotating_light:",
    };

    /// <summary>Gets or sets the text of the button that opens the event's URL (at most 75 characters).</summary>
    /// <value>Defaults to <c>Open</c>.</value>
    public string LinkText { get; set; } = "Open";

    /// <summary>
    /// Gets or sets the most characters of text the blocks of one message may hold together. Slack rejects messages
    /// far below the sum of its per-block limits (<c>msg_blocks_too_long</c> near 13,000 characters), so the longest
    /// texts are cut visibly until the message fits.
    /// </summary>
    /// <value>Defaults to 12,000; at least 1,000.</value>
    public int MaxBlocksLength { get; set; } = SlackConstants.DefaultMaxBlocksLength;

    /// <summary>Gets or sets the per-request timeout, the circuit breaker and whether plain HTTP is allowed (retries are the channel's <c>Retry</c> options).</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>Gets whether the channel posts with a bot token rather than a webhook.</summary>
    internal bool UsesBot => BotToken is not null;

    /// <summary>408, 429 and 5xx (<c>rollup_error</c>) are worth retrying; the webhook's 4xx errors (<c>no_team</c>, <c>invalid_blocks</c>…) are final.</summary>
    bool IHttpNotifierOptions.IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary><c>chat.postMessage</c> answers 200 with <c>ok: false</c>, so its 200 bodies are read on every try.</summary>
    bool IHttpNotifierOptions.InspectsBody(int statusCode) => UsesBot && statusCode == 200;

    /// <summary><c>ratelimited</c> stands for 429 and Slack's own failures for 503, so the pipeline retries them; other errors stay 200 and the notifier fails them.</summary>
    int? IHttpNotifierOptions.StatusInBody(int statusCode, string body) => SlackResponse.TransientStatus(body);

    /// <summary>
    /// A webhook's 2xx is its confirmation. <c>chat.postMessage</c> confirms in the body (<c>ok: true</c> and the
    /// message's <c>ts</c>) and has no idempotency key: a 200 whose body cannot be read is unconfirmed, not retried.
    /// </summary>
    UnreadableSuccessBody IHttpNotifierOptions.OnUnreadableSuccessBody => UsesBot ? UnreadableSuccessBody.Unconfirmed : UnreadableSuccessBody.Delivered;

    /// <inheritdoc />
    public override string ToString() => UsesBot ? $"Slack bot to {ChannelId} (token not shown)" : "Slack webhook (URL not shown)";
}
