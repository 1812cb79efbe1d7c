using Alerting.Notifiers.Http;
using System.Net.Http.Headers;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Teams.Internal;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Teams;

/// <summary>
/// Sends notifications to Microsoft Teams through a Workflows webhook as one Adaptive Card 1.4 in the message envelope
/// (or, opted in, to a legacy connector as a <c>MessageCard</c>), cut visibly to <see cref="TeamsOptions.MaxBodyBytes"/>.
/// </summary>
/// <remarks>
/// <para>
/// Any 2xx is delivered. A Workflows flow answers 202 when it <em>accepts</em> the request, before it posts: a
/// delivered result means accepted, not posted. A card the flow then fails to post is not seen here, so send a test
/// notification to a new channel and look at the Teams channel once.
/// </para>
/// <para>
/// 429 (with <c>Retry-After</c> when sent), 5xx and network errors are retried by the channel's HTTP pipeline, as is a
/// legacy connector's throttling reported in a 200 body (<c>Microsoft Teams endpoint returned HTTP error 429</c>);
/// 400, 401, 403 and 404 are final. Teams has no idempotency key: a request that times out after Teams accepted it is
/// retried and can post the card twice.
/// </para>
/// </remarks>
public sealed class TeamsNotifier : INotifier
{
    private readonly TeamsOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TeamsCard _card;
    private readonly Uri _url;
    private readonly string[] _secrets;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="loggerFactory">Where cuts, rejected payloads and accepted cards are logged; defaults to none.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem, never the URL.</exception>
    public TeamsNotifier(TeamsOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = TeamsOptionsValidator.Problems(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(TeamsConstants.LogCategory);
        _card = new TeamsCard(options, AttributeFields.Compile(options.Attributes, errors));
        _url = options.WebhookUrl!;
        _secrets = HttpNotifierDelivery.SecretsOfUrl(_url);
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        // Card text is not HTML and JSON escaping is done by the serialiser: values go in as they are.
        TitleEscaping = TemplateEscaping.None,
        MessageEscaping = TemplateEscaping.None,
        PayloadValueEscaping = TemplateEscaping.None,
        RateLimit = TeamsConstants.RequestsPerSecond,
        RatePeriod = TimeSpan.FromSeconds(1),
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_card.Build(notification, out var sizeBeforeCut) is not { } body)
        {
            TeamsLog.PayloadRejected(_logger, notification.ChannelName, _options.Format);
            return DeliveryResult.Permanent(_options.Format == TeamsFormat.MessageCard
                ? "The payload template must render a MessageCard object."
                : "The payload template must render an Adaptive Card object (type AdaptiveCard) or a message envelope (type message, with attachments).");
        }

        if (sizeBeforeCut is { } size)
        {
            TeamsLog.CardCut(_logger, notification.ChannelName, _options.Format, size, _options.MaxBodyBytes);
        }

        if (notification.Event.Url is { } link && !SafeLinks.IsAllowed(link))
        {
            TeamsLog.LinkDropped(_logger, notification.ChannelName, SafeLinks.SchemeOf(link));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(JsonPayload.ToUtf8Bytes(body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
        };
        var exchange = await HttpNotifierDelivery.ExchangeAsync(_http, request, false, _time, cancellationToken).ConfigureAwait(false);
        if (exchange.IsSuccess && _options.Format == TeamsFormat.AdaptiveCard)
        {
            TeamsLog.CardAccepted(_logger, notification.ChannelName, exchange.StatusCode!.Value);
        }

        return HttpNotifierDelivery.ToResult(exchange, _options, null, _secrets);
    }
}
