using Alerting.Notifiers.Http;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Twilio.Internal;

namespace Alerting.Notifiers.Twilio;

/// <summary>
/// Options of a Twilio SMS channel (Programmable Messaging, Messages API): the account, how to authenticate (an API key,
/// recommended, or the account's auth token), the sender (a number or a Messaging Service) and the recipients, each sent
/// a message of their own. The auth token and the API key secret are credentials: keep them in configuration, user
/// secrets or the environment, never in source.
/// </summary>
public sealed class TwilioOptions : IHttpNotifierOptions
{
    /// <summary>Gets or sets the Account SID (<c>AC</c> and 32 hexadecimal digits); it is part of the request path whatever the authentication.</summary>
    /// <value>Required.</value>
    public string? AccountSid { get; set; }

    /// <summary>Gets or sets the account's auth token, for HTTP Basic authentication as the Account SID. A secret.</summary>
    /// <value>Defaults to <see langword="null"/>. Required unless <see cref="ApiKeySid"/> and <see cref="ApiKeySecret"/> are set, which take precedence.</value>
    public string? AuthToken { get; set; }

    /// <summary>Gets or sets the SID of an API key (<c>SK</c> and 32 hexadecimal digits), Twilio's recommended authentication, used with <see cref="ApiKeySecret"/>.</summary>
    /// <value>Defaults to <see langword="null"/>: the auth token is used.</value>
    public string? ApiKeySid { get; set; }

    /// <summary>Gets or sets the API key's secret. A secret.</summary>
    /// <value>Defaults to <see langword="null"/>; required with <see cref="ApiKeySid"/>.</value>
    public string? ApiKeySecret { get; set; }

    /// <summary>Gets or sets the sender: a Twilio number in E.164 (<c>+14155550100</c>), a short code or an alphanumeric sender id, owned by the account.</summary>
    /// <value>Defaults to <see langword="null"/>. Set either this or <see cref="MessagingServiceSid"/>.</value>
    public string? From { get; set; }

    /// <summary>Gets or sets a Messaging Service SID (<c>MG</c> and 32 hexadecimal digits): Twilio picks the sender from the service's pool.</summary>
    /// <value>Defaults to <see langword="null"/>. Set either this or <see cref="From"/>.</value>
    public string? MessagingServiceSid { get; set; }

    /// <summary>
    /// Gets or sets the recipients in E.164 (<c>+447700900123</c>), each validated when the channel is built. Each is sent
    /// the message in a request of its own, in this order, and gets a result of its own.
    /// </summary>
    /// <value>At least one is required.</value>
    public List<string> To { get; set; } = [];

    /// <summary>
    /// Gets or sets whether the notification's message (the channel's or action's <c>Message</c> template, or the event
    /// type's default message) follows the title on a new line. A <c>Body</c> template on the channel or action replaces
    /// both and is sent as it is.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: the title alone, which fits one segment.</value>
    public bool IncludeMessage { get; set; }

    /// <summary>
    /// Gets or sets the most UTF-16 code units (as Twilio counts characters; an emoji counts two) an SMS may have;
    /// longer text is cut visibly, ending in <see cref="NotifierCapabilities.TruncationMarker"/>.
    /// </summary>
    /// <value>Defaults to 1,600, Twilio's limit. A lower budget such as 306 (two GSM-7 segments) bounds the cost per alert.</value>
    public int MaxLength { get; set; } = TwilioConstants.MaxBodyLength;

    /// <summary>
    /// Gets or sets whether Twilio replaces Unicode look-alikes (curly quotes, the <c>…</c> that ends a cut text) with
    /// GSM-7 characters (<c>SmartEncoded</c>), so that one of them does not make the whole message UCS-2.
    /// </summary>
    /// <value>Defaults to <see langword="false"/>: the text is sent as it is.</value>
    public bool SmartEncoded { get; set; }

    /// <summary>
    /// Gets or sets how long a message may wait in Twilio's queue before Twilio drops it (<c>ValidityPeriod</c>, whole
    /// seconds from 1 second to 10 hours): an alert that would arrive hours late can be dropped instead.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: Twilio's default, 10 hours.</value>
    public TimeSpan? ValidityPeriod { get; set; }

    /// <summary>Gets or sets the base URL of Twilio's REST API (<c>/2010-04-01/Accounts/{AccountSid}/Messages.json</c> is appended); an emulator in tests.</summary>
    /// <value>Defaults to <c>https://api.twilio.com</c>; HTTPS unless <see cref="HttpDeliveryOptions.AllowInsecureHttp"/> is set.</value>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com");

    /// <summary>Gets or sets the per-request timeout, the circuit breaker and whether plain HTTP is allowed (retries are the channel's <see cref="ChannelOptions.Retry"/>).</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>408, 429 (Twilio's 20429: the request was not processed) and 5xx are retried; other statuses are final.</summary>
    bool IHttpNotifierOptions.IsTransientStatus(int statusCode) => IsTransientStatus(statusCode);

    /// <summary>Error bodies are read per request: Twilio's code decides when it is one the channel classifies.</summary>
    bool IHttpNotifierOptions.InspectsBody(int statusCode) => statusCode >= 400;

    /// <summary>
    /// A code the channel classifies overrides the status when they disagree: a full sender queue (400, 21611) is
    /// retried as a 429 would be; an opted-out or invalid number is never retried, whatever status carried it.
    /// </summary>
    int? IHttpNotifierOptions.StatusInBody(int statusCode, string body) =>
        TwilioResponse.Parse(body)?.Code is { } code && TwilioErrors.IsTransient(code) is { } transient && transient != IsTransientStatus(statusCode)
            ? (transient ? 429 : 400)
            : null;

    /// <summary>
    /// Twilio confirms in the body (the message's SID and status) and has no idempotency key: a 201 whose body cannot
    /// be read is unconfirmed, not retried (a resend would most likely send the SMS twice).
    /// </summary>
    UnreadableSuccessBody IHttpNotifierOptions.OnUnreadableSuccessBody => UnreadableSuccessBody.Unconfirmed;

    /// <inheritdoc />
    public override string ToString() =>
        $"Twilio SMS {SecretRedaction.Url(BaseUrl)} to {To?.Count ?? 0} recipient(s) ({(ApiKeySid is not null ? "API key" : AuthToken is not null ? "auth token" : "no credentials")} set, not shown)";

    private static bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;
}
