using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Slack.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Slack;

/// <summary>
/// Sends notifications to Slack as Block Kit messages: through an incoming webhook, or with a bot token through
/// <c>chat.postMessage</c>. Every limit of Block Kit is met by visible truncation; every event-derived value is
/// escaped for mrkdwn (<c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>), which also defuses injected links and mentions.
/// Rate limiting (429 with <c>Retry-After</c>, or <c>ratelimited</c>) and Slack's server errors are retried by the
/// channel's HTTP pipeline; every other error (<c>no_team</c>, <c>channel_not_found</c>, <c>invalid_auth</c>…) is final.
/// </summary>
public sealed class SlackNotifier : INotifier
{
    private readonly SlackOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly SlackMessage _message;
    private readonly Uri _endpoint;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    public SlackNotifier(SlackOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = new List<string>();
        var attributes = AttributeFields.Compile(options.Attributes, errors);
        var endpoint = options.UsesBot ? new Uri(WithSlash(options.ApiBaseUrl), "chat.postMessage") : options.WebhookUrl;
        if (errors.Count > 0 || endpoint is null)
        {
            throw new ArgumentException(errors.Count > 0 ? string.Join(" ", errors) : "WebhookUrl or BotToken is required.", nameof(options));
        }

        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _message = new SlackMessage(options, attributes);
        _endpoint = endpoint;
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        TitleEscaping = TemplateEscaping.None, // the header is plain_text
        MessageEscaping = TemplateEscaping.SlackMrkdwn,
        PayloadValueEscaping = TemplateEscaping.SlackMrkdwn,
        MaxTitleLength = SlackLimits.HeaderText,
        MaxMessageLength = SlackLimits.SectionText,
        RetriesInternally = true,
        RateLimit = SlackLimits.MessagesPerSecond,
        RatePeriod = TimeSpan.FromSeconds(1),
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_message.Build(notification) is not { } message)
        {
            return DeliveryResult.Permanent("The payload template must render a JSON array of blocks or a message object.");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        if (_options.UsesBot)
        {
            message["channel"] = _options.ChannelId;
            request.Headers.Authorization = new("Bearer", _options.BotToken);
        }

        request.Content = new ByteArrayContent(SlackMessage.Serialize(message)) { Headers = { ContentType = HttpDelivery.JsonContentType() } };
        var exchange = await HttpDelivery.SendAsync(_http, request, _time, null, cancellationToken, readSuccessBody: _options.UsesBot);
        var secrets = Secrets();
        if (exchange.IsSuccess && _options.UsesBot && SlackResponse.Error(exchange.Body) is { } error)
        {
            return DeliveryResult.Permanent($"Slack error {error}", exchange.Attempts);
        }

        return HttpDelivery.ToResult(exchange, _options, SlackResponse.Describe(exchange.Body), secrets);
    }

    private string?[] Secrets() =>
        _options.WebhookUrl is { } url ? [url.OriginalString, url.AbsoluteUri, url.PathAndQuery, _options.BotToken] : [_options.BotToken];

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
