using System.Net.Http.Headers;
using System.Text;
using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Twilio.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Twilio;

/// <summary>
/// Sends notifications as SMS through Twilio's Messages API, one request per recipient so that one bad or opted-out
/// number neither stops nor hides the others: the result reports each recipient (numbers masked but for their last
/// four digits). The text is the notification's body when a <c>Body</c> template is set, else its title (short, so it
/// fits one message), cut visibly at <see cref="TwilioOptions.MaxLength"/> UTF-16 code units.
/// 429 (20429), 5xx and a full sender queue (21611) are retried by the channel's HTTP pipeline; an opted-out
/// recipient (21610), an invalid, landline or unroutable number, and authentication errors are final.
/// </summary>
/// <remarks>
/// Twilio offers no idempotency key: a try that times out after Twilio accepted it is retried and can send the SMS
/// twice. For alerting, a duplicate is preferred to a lost page; lower <c>Http.MaxRetries</c> if it is not.
/// </remarks>
public sealed class TwilioNotifier : INotifier
{
    private readonly TwilioOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Uri _messages;
    private readonly AuthenticationHeaderValue _authorization;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    public TwilioNotifier(TwilioOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
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
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        _messages = new Uri(baseUrl, $"2010-04-01/Accounts/{options.AccountSid}/Messages.json");
        var (user, password) = options.ApiKeySid is { } keySid ? (keySid, options.ApiKeySecret!) : (options.AccountSid!, options.AuthToken!);
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        TitleEscaping = TemplateEscaping.None,
        MessageEscaping = TemplateEscaping.None,
        BodyEscaping = TemplateEscaping.None, // SMS is plain text
        MaxBodyLength = TwilioConstants.MaxBodyLength,
        RetriesInternally = true,
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var text = TextTruncation.Truncate(Text(notification), _options.MaxLength, out _);
        var results = new List<RecipientResult>(_options.To.Count);
        foreach (var to in _options.To)
        {
            results.Add(await SendOneAsync(to, text, cancellationToken));
        }

        return DeliveryResult.ForRecipients(results);
    }

    /// <summary>A number as it may be shown: <c>+</c>, stars, and the last four digits.</summary>
    internal static string Mask(string number) =>
        number.Length <= 4 ? new string('*', number.Length) : string.Concat(number.StartsWith('+') ? "+" : string.Empty, new string('*', number.Length - 4 - (number.StartsWith('+') ? 1 : 0)), number[^4..]);

    /// <summary>The body or title, marked when it is not a new alert: an SMS has no header to say so.</summary>
    private static string Text(Notification notification)
    {
        var text = string.IsNullOrWhiteSpace(notification.Body) ? notification.Title : notification.Body;
        return notification.Kind switch
        {
            NotificationKind.Resolve => "[RESOLVED] " + text,
            NotificationKind.Acknowledge => "[ACKNOWLEDGED] " + text,
            NotificationKind.Update => "[UPDATE] " + text,
            NotificationKind.Test => "[TEST] " + text,
            _ => text,
        };
    }

    private async Task<RecipientResult> SendOneAsync(string to, string text, CancellationToken cancellationToken)
    {
        var fields = new List<KeyValuePair<string, string>> { new("To", to), new("Body", text) };
        fields.Add(_options.MessagingServiceSid is { } service ? new("MessagingServiceSid", service) : new("From", _options.From!));
        using var request = new HttpRequestMessage(HttpMethod.Post, _messages) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Authorization = _authorization;
        var exchange = await HttpDelivery.SendAsync(_http, request, _time, null, cancellationToken);
        var result = HttpDelivery.ToResult(
            exchange,
            _options,
            TwilioError.Parse(exchange.Body)?.Describe(),
            _options.AuthToken, _options.ApiKeySecret, _authorization.Parameter, to);
        return new RecipientResult(Mask(to), result.Status, result.Reason, result.Attempts);
    }
}
