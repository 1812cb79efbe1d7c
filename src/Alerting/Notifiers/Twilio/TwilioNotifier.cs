using Alerting.Notifiers.Http;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Alerting.Notifiers.Twilio.Internal;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Twilio;

/// <summary>
/// Sends notifications as SMS through Twilio's Messages API, one request per recipient so that one bad or opted-out
/// number neither stops nor hides the others: the result has one <see cref="RecipientResult"/> per number, masked but
/// for its last four digits. The text is plain: the notification's <c>Body</c> when a Body template is set, else its
/// title (and its message, with <see cref="TwilioOptions.IncludeMessage"/>, and for a grouped notification a short line
/// per alert while they fit, then <c>+N more</c>), cut visibly at <see cref="TwilioOptions.MaxLength"/> UTF-16 code units.
/// </summary>
/// <remarks>
/// <para>
/// Each recipient gets its own request; the channel's <c>Retry</c> options retry a notification whose recipients failed
/// transiently, sending only to those (429 (20429), 5xx and a full sender queue (21611)); an opted-out recipient
/// (21610), an invalid, unreachable, landline or non-mobile number, sender and authentication errors and any other 4xx
/// are final, with Twilio's code and message in the reason.
/// </para>
/// <para>
/// A 201 means Twilio queued the message, not that the phone got it. Twilio offers no idempotency key: a try that
/// times out after Twilio accepted it is retried and can send the SMS twice. For alerting a duplicate beats a lost
/// page; lower the channel's <c>Retry.MaxAttempts</c> if it does not for you. A 201 whose body cannot be read (the connection reset
/// mid-body) carries no SID: that recipient is a transient failure, not retried, since Twilio has most likely queued it.
/// </para>
/// </remarks>
public sealed class TwilioNotifier : INotifier
{
    private readonly TwilioOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _messages;
    private readonly string[] _recipients;
    private readonly KeyValuePair<string, string> _sender;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="loggerFactory">Where per-recipient outcomes and cuts are logged; defaults to none.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem, never a credential.</exception>
    public TwilioNotifier(TwilioOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = TwilioOptionsValidator.Problems(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting.Twilio");
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        _messages = new Uri(baseUrl, TwilioConstants.MessagesPath(options.AccountSid!));
        _recipients = [.. options.To];
        _sender = options.MessagingServiceSid is { } service ? new("MessagingServiceSid", service) : new("From", options.From!);
        var (user, password) = options.ApiKeySid is { } keySid ? (keySid, options.ApiKeySecret!) : (options.AccountSid!, options.AuthToken!);
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        Capabilities = new()
        {
            TitleEscaping = TemplateEscaping.None,
            MessageEscaping = TemplateEscaping.None,
            BodyEscaping = TemplateEscaping.None,
            MaxTitleLength = options.MaxLength,
            MaxMessageLength = options.MaxLength,
            MaxBodyLength = options.MaxLength,
                RateLimit = TwilioConstants.MessagesPerSecond,
            RatePeriod = TimeSpan.FromSeconds(1),
        };
    }

    /// <summary>
    /// Gets the channel's limits: plain text with no escaping, every part cut at <see cref="TwilioOptions.MaxLength"/>,
    /// retries by the channel's <c>Retry</c> options, and one notification per second by default (a US long code's rate).
    /// </summary>
    public NotifierCapabilities Capabilities { get; }

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var composed = SmsText.Compose(notification, _options.IncludeMessage, _options.MaxLength);
        var text = TextTruncation.Truncate(composed, _options.MaxLength, out var truncated);
        if (truncated)
        {
            TwilioLog.TextTruncated(_logger, notification.ChannelName, composed.Length, _options.MaxLength);
        }

        // A retry sends only to the recipients that may be retried; the others keep their earlier outcome.
        var previous = notification.PreviousRecipients.Count == _recipients.Length ? notification.PreviousRecipients : null;
        var results = new RecipientResult[_recipients.Length];
        for (var i = 0; i < _recipients.Length; i++)
        {
            if (previous is not null && !previous[i].IsRetryable)
            {
                results[i] = previous[i];
                continue;
            }

            var sent = await SendOneAsync(notification.ChannelName, _recipients[i], text, cancellationToken).ConfigureAwait(false);
            results[i] = previous is null ? sent : sent with { Attempts = previous[i].Attempts + sent.Attempts };
        }

        return DeliveryResult.ForRecipients(results);
    }

    private async Task<RecipientResult> SendOneAsync(string channelName, string to, string text, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages) { Content = new FormUrlEncodedContent(Form(to, text)) };
        request.Headers.Authorization = _authorization;
        var exchange = await HttpNotifierDelivery.ExchangeAsync(_http, request, true, _time, cancellationToken).ConfigureAwait(false);
        var recipient = PhoneNumber.Mask(to);
        var response = TwilioResponse.Parse(exchange.Body);
        if (exchange.IsSuccess && exchange.BodyFailure is null) // a 201 whose body could not be read is unconfirmed: see ToResult
        {
            var (segments, unicode) = SmsText.Segments(text);
            TwilioLog.MessageAccepted(_logger, channelName, response?.Sid ?? "(no sid)", recipient, segments, unicode ? "UCS-2" : "GSM-7");
            return new RecipientResult(recipient, DeliveryStatus.Delivered, null, 1);
        }

        var detail = PhoneNumber.Scrub(response?.Describe() ?? exchange.Body, to);
        var result = HttpNotifierDelivery.ToResult(exchange, _options, detail, _options.AuthToken, _options.ApiKeySecret, _authorization.Parameter);
        TwilioLog.RecipientFailed(_logger, channelName, recipient, result.Status, result.Reason);
        return new RecipientResult(recipient, result.Status, result.Reason, result.Attempts)
        {
            RetryAfter = result.RetryAfter,
            NotRetried = result.Status == DeliveryStatus.TransientFailure && !result.IsRetryable,
        };
    }

    private List<KeyValuePair<string, string>> Form(string to, string text)
    {
        var form = new List<KeyValuePair<string, string>>(5) { new("To", to), _sender, new("Body", text) };
        if (_options.SmartEncoded)
        {
            form.Add(new("SmartEncoded", "true"));
        }

        if (_options.ValidityPeriod is { } validity)
        {
            form.Add(new("ValidityPeriod", ((long)validity.TotalSeconds).ToString(CultureInfo.InvariantCulture)));
        }

        return form;
    }
}
