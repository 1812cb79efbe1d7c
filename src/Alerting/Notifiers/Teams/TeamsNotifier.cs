using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Teams.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Teams;

/// <summary>
/// Sends notifications to Microsoft Teams through a Workflows webhook as one Adaptive Card 1.4 (or, opted in, to a
/// legacy connector as a <c>MessageCard</c>). Any 2xx is success: note that a Workflows flow answers 202 when it
/// <em>accepts</em> the request, before it posts; a card the flow then fails to post is not seen here, so test a new
/// channel with a test notification and look at the Teams channel. 429 and 5xx are retried by the channel's HTTP
/// pipeline, as is a legacy connector's throttling reported in a 200 body; 400, 401, 403 and 404 are final.
/// </summary>
public sealed class TeamsNotifier : INotifier
{
    private readonly TeamsOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly TeamsCard _card;
    private readonly Uri _url;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    public TeamsNotifier(TeamsOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = new List<string>();
        var attributes = AttributeFields.Compile(options.Attributes, errors);
        if (errors.Count > 0 || options.WebhookUrl is null)
        {
            throw new ArgumentException(errors.Count > 0 ? string.Join(" ", errors) : "WebhookUrl is required.", nameof(options));
        }

        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _card = new TeamsCard(options, attributes);
        _url = options.WebhookUrl;
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        // Card text is not HTML and JSON escaping is done by the serialiser: values go in as they are.
        TitleEscaping = TemplateEscaping.None,
        MessageEscaping = TemplateEscaping.None,
        PayloadValueEscaping = TemplateEscaping.None,
        RetriesInternally = true,
        RateLimit = 4,
        RatePeriod = TimeSpan.FromSeconds(1),
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_card.Build(notification) is not { } body)
        {
            return DeliveryResult.Permanent(_options.Format == TeamsFormat.MessageCard
                ? "The payload template must render a MessageCard object."
                : "The payload template must render an Adaptive Card object (type AdaptiveCard) or a message envelope (type message, with attachments).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(TeamsCard.Serialize(body)) { Headers = { ContentType = HttpDelivery.JsonContentType() } },
        };
        var exchange = await HttpDelivery.SendAsync(_http, request, _time, null, cancellationToken);
        return HttpDelivery.ToResult(exchange, _options, null, _url.OriginalString, _url.AbsoluteUri, _url.PathAndQuery, _url.Query.TrimStart('?'));
    }
}
