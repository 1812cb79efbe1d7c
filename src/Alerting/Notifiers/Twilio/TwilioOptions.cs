using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Notifiers.Twilio;

/// <summary>
/// Options of a Twilio SMS channel: the account, how to authenticate (an API key, recommended, or the auth token),
/// the sender (a number or a Messaging Service) and the recipients, each sent a message of their own. Tokens and API
/// key secrets are credentials: keep them in configuration, user secrets or the environment.
/// </summary>
public sealed class TwilioOptions : IHttpChannelOptions
{
    /// <summary>Gets or sets the Account SID (<c>AC</c> and 32 hex digits); it is part of the request path whatever the authentication.</summary>
    /// <value>Required.</value>
    public string? AccountSid { get; set; }

    /// <summary>Gets or sets an API key SID (<c>SK…</c>), used with <see cref="ApiKeySecret"/>; Twilio's recommended authentication.</summary>
    public string? ApiKeySid { get; set; }

    /// <summary>Gets or sets the API key's secret. A secret.</summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>Gets or sets the account's auth token, used when no API key is set. A secret.</summary>
    public string? AuthToken { get; set; }

    /// <summary>Gets or sets the sender: a Twilio number in E.164 (<c>+14155550100</c>), a short code or an alphanumeric sender id.</summary>
    /// <value>Required unless <see cref="MessagingServiceSid"/> is set.</value>
    public string? From { get; set; }

    /// <summary>Gets or sets a Messaging Service SID (<c>MG…</c>) that picks the sender from its pool.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>Gets or sets the recipients in E.164 (<c>+447700900123</c>); each is sent the message separately.</summary>
    /// <value>At least one is required.</value>
    public List<string> To { get; set; } = [];

    /// <summary>Gets or sets the most characters (UTF-16 code units, as Twilio counts) a message may have; longer text is cut visibly.</summary>
    /// <value>Defaults to 1,600, Twilio's limit. A lower budget (such as 320) keeps messages to a few segments.</value>
    public int MaxLength { get; set; } = TwilioConstants.MaxBodyLength;

    /// <summary>Gets or sets the base URL of Twilio's REST API (tests, proxies).</summary>
    /// <value>Defaults to <c>https://api.twilio.com/</c>.</value>
    public Uri BaseUrl { get; set; } = new("https://api.twilio.com/");

    /// <summary>Gets or sets retries, timeouts, the circuit breaker and whether plain HTTP is allowed.</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>408, 429 (Twilio's 20429: the request was not processed) and 5xx are worth retrying.</summary>
    bool IHttpChannelOptions.IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary>A 400 can mean a full sender queue (21611), which clears: its body is read so it is retried.</summary>
    bool IHttpChannelOptions.InspectsBody(int statusCode) => statusCode == 400;

    int? IHttpChannelOptions.StatusInBody(int statusCode, string body) =>
        Internal.TwilioError.Parse(body) is { Code: TwilioConstants.QueueFull } ? 503 : null;

    /// <inheritdoc />
    public override string ToString() => $"Twilio SMS to {To.Count} recipient(s) (credentials not shown)";
}
