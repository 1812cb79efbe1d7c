using Alerting.Notifiers.Http;
using System.Net.Http.Headers;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Slack.Internal;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Slack;

/// <summary>
/// Sends notifications to Slack as Block Kit messages: through an incoming webhook, or with a bot token through
/// <c>chat.postMessage</c>. Every limit of Block Kit is met by visible truncation; every event-derived value is
/// escaped for mrkdwn (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), which also defuses injected links and mentions.
/// </summary>
/// <remarks>
/// <para>
/// A webhook's 2xx (Slack answers 200 with the text <c>ok</c>) and a bot's <c>"ok": true</c> are delivered. Rate
/// limiting (429 with <c>Retry-After</c>, or <c>ok: false</c> with <c>ratelimited</c>) and Slack's server errors
/// (5xx, <c>internal_error</c>, <c>fatal_error</c>) are retried by the channel's HTTP pipeline; every other error
/// (<c>no_team</c>, <c>invalid_blocks</c>, <c>channel_not_found</c>, <c>invalid_auth</c>…) is final, with Slack's
/// error string in the reason.
/// </para>
/// <para>
/// Slack has no idempotency key: a request that times out after Slack posted the message is retried and can post it twice.
/// A bot's 200 whose body cannot be read (the connection reset mid-body) is a transient failure, not retried: Slack
/// has most likely posted the message, but did not confirm it.
/// </para>
/// </remarks>
public sealed class SlackNotifier : INotifier
{
    private readonly SlackOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SlackMessage _message;
    private readonly Uri _endpoint;
    private readonly string[] _secrets;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="loggerFactory">Where cuts, rejected payloads and posted messages are logged; defaults to none.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem, never a secret.</exception>
    public SlackNotifier(SlackOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = SlackOptionsValidator.Problems(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(SlackConstants.LogCategory);
        _message = new SlackMessage(options, AttributeFields.Compile(options.Attributes, errors));
        _endpoint = options.UsesBot ? new Uri(WithSlash(options.ApiBaseUrl), SlackConstants.PostMessageMethod) : options.WebhookUrl!;
        _secrets = options.UsesBot ? [options.BotToken!] : HttpNotifierDelivery.SecretsOfUrl(options.WebhookUrl!);
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        TitleEscaping = TemplateEscaping.None, // the header is plain_text; the fallback text escapes it
        MessageEscaping = TemplateEscaping.SlackMrkdwn,
        PayloadValueEscaping = TemplateEscaping.SlackMrkdwn,
        MaxTitleLength = SlackConstants.MaxHeaderTextLength,
        MaxMessageLength = SlackConstants.MaxSectionTextLength,
        RateLimit = SlackConstants.MessagesPerSecond,
        RatePeriod = TimeSpan.FromSeconds(1),
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var cuts = new List<string>();
        if (_message.Build(notification, cuts) is not { } message)
        {
            SlackLog.PayloadRejected(_logger, notification.ChannelName);
            return DeliveryResult.Permanent("The payload template must render a JSON array of blocks or a message object.");
        }

        if (cuts.Count > 0)
        {
            SlackLog.MessageCut(_logger, notification.ChannelName, string.Join("; ", cuts.Distinct(StringComparer.Ordinal)));
        }

        if (notification.Event.Url is { } link && !SafeLinks.IsAllowed(link))
        {
            SlackLog.LinkDropped(_logger, notification.ChannelName, SafeLinks.SchemeOf(link));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        if (_options.UsesBot)
        {
            message["channel"] = _options.ChannelId;
            request.Headers.Authorization = new("Bearer", _options.BotToken);
        }

        request.Content = new ByteArrayContent(JsonPayload.ToUtf8Bytes(message)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } };
        var exchange = await HttpNotifierDelivery.ExchangeAsync(_http, request, _options.UsesBot, _time, cancellationToken).ConfigureAwait(false);
        if (exchange.IsSuccess && _options.UsesBot && exchange.BodyFailure is null) // an unread body is unconfirmed: see ToResult
        {
            if (SlackResponse.Error(exchange.Body) is { } error)
            {
                var shown = SecretRedaction.Scrub(error, _secrets);
                SlackLog.ApiError(_logger, notification.ChannelName, shown);
                return DeliveryResult.Permanent($"Slack error {shown}");
            }

            SlackLog.MessagePosted(_logger, notification.ChannelName, SlackResponse.Timestamp(exchange.Body) ?? "(no ts)", _options.ChannelId!);
        }

        return HttpNotifierDelivery.ToResult(exchange, _options, SlackResponse.Describe(exchange.Body), _secrets);
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
