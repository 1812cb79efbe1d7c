using Alerting.Notifiers.Http;

namespace Alerting.Notifiers.Webhook;

/// <summary>
/// Options of a generic webhook channel. The URL, header values and form fields are templates rendered against the
/// event; the JSON body is the channel's or action's <c>Payload</c> template (always valid JSON), or the whole event.
/// Webhook URLs are credentials: only their scheme, host and port are ever logged.
/// </summary>
public sealed class WebhookOptions : IHttpNotifierOptions
{
    /// <summary>The statuses that are final when <see cref="PermanentStatusCodes"/> is not set.</summary>
    private static readonly int[] s_defaultPermanent = [400, 401, 403, 404, 410];

    /// <summary>
    /// Gets or sets the URL, a template whose values are URL-encoded, such as <c>https://hooks.example.com/alerts/{source}</c>.
    /// A secret when it carries a token: keep it in configuration, user secrets or the environment.
    /// </summary>
    /// <value>Required; HTTPS unless <see cref="HttpDeliveryOptions.AllowInsecureHttp"/> is set.</value>
    public string? Url { get; set; }

    /// <summary>Gets or sets the HTTP method: <c>POST</c> or <c>PUT</c>.</summary>
    /// <value>Defaults to <c>POST</c>.</value>
    public string Method { get; set; } = "POST";

    /// <summary>Gets or sets extra request headers; values are templates (for example <c>Authorization: Bearer …</c> from configuration).</summary>
    /// <value>Defaults to none. A <c>User-Agent</c> of <c>Alerting/{version}</c> is sent unless one is set here.</value>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets or sets how the body is encoded.</summary>
    /// <value>Defaults to <see cref="WebhookBodyFormat.Json"/>.</value>
    public WebhookBodyFormat Format { get; set; } = WebhookBodyFormat.Json;

    /// <summary>Gets or sets the fields of a <see cref="WebhookBodyFormat.Form"/> body, name to template.</summary>
    /// <value>Defaults to empty: <c>type</c>, <c>source</c>, <c>severity</c>, <c>status</c>, <c>timestamp</c>, <c>title</c>, <c>message</c> and <c>dedup_key</c>.</value>
    public Dictionary<string, string> FormFields { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Gets or sets the Standard Webhooks signing secret (<c>whsec_</c> and base64); when set, each request carries
    /// <c>webhook-id</c> (the same on every attempt), <c>webhook-timestamp</c> (per attempt) and a <c>v1</c> HMAC-SHA256
    /// <c>webhook-signature</c>. A secret.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: requests are not signed.</value>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// Gets or sets the response statuses that are final (not retried). Any other non-2xx status is retried, as the
    /// Standard Webhooks spec recommends; redirects are never followed and always final.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: 400, 401, 403, 404 and 410.</value>
    public List<int>? PermanentStatusCodes { get; set; }

    /// <summary>Gets or sets the per-request timeout, the circuit breaker and whether plain HTTP is allowed (retries are the channel's <see cref="ChannelOptions.Retry"/>).</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>Every error status is retried except the permanent ones.</summary>
    bool IHttpNotifierOptions.IsTransientStatus(int statusCode) =>
        statusCode >= 400 && !((IEnumerable<int>?)PermanentStatusCodes ?? s_defaultPermanent).Contains(statusCode);

    /// <inheritdoc />
    public override string ToString() => $"Webhook {Method} (URL and secrets not shown)";
}
