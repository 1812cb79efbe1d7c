using Alerting.Notifiers.Http;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Webhook.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Webhook;

/// <summary>
/// Sends notifications to any HTTP endpoint: templated URL, method, headers and body (JSON or form-encoded), optionally
/// signed per Standard Webhooks. Any 2xx is success; redirects are failures and are not followed; the statuses in
/// <see cref="WebhookOptions.PermanentStatusCodes"/> are final and every other failure is retried per the channel's
/// <c>Retry</c> options.
/// </summary>
public sealed class WebhookNotifier : INotifier
{
    private static readonly string s_userAgent = "Alerting/" + (typeof(WebhookNotifier).Assembly.GetName().Version?.ToString(3) ?? "1.0.0");

    private readonly WebhookOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly WebhookTemplates _templates;
    private readonly HttpMethod _method;
    private readonly byte[]? _signingKey;
    private readonly string? _headerProblem;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock for <c>webhook-timestamp</c>; defaults to the system clock.</param>
    public WebhookNotifier(WebhookOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = new List<string>();
        _templates = WebhookTemplates.TryCompile(options, errors) ?? throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _method = IsSupportedMethod(options.Method) ? new HttpMethod(options.Method.ToUpperInvariant()) : throw new ArgumentException("Method must be POST or PUT.", nameof(options));
        _signingKey = options.SigningSecret is { } secret
            ? StandardWebhookSigner.DecodeSecret(secret) ?? throw new ArgumentException("SigningSecret is not a whsec_ secret.", nameof(options))
            : null;
        _headerProblem = _templates.Headers.Select(h => WebhookHeaders.NameProblem(h.Name)).FirstOrDefault(p => p is not null);
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new();

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var values = new NotificationValues(notification);
        var e = notification.Event;
        if (!Uri.TryCreate(_templates.Url.Render(e, TemplateEscaping.Url, values, CultureInfo.InvariantCulture), UriKind.Absolute, out var url) ||
            !_options.Http.Allows(url))
        {
            return DeliveryResult.Permanent("The URL template did not render an allowed absolute URL.");
        }

        if (_headerProblem is { } problem)
        {
            return DeliveryResult.Permanent($"{problem} Nothing was sent.");
        }

        var (body, contentType) = Body(notification, values);
        using var request = new HttpRequestMessage(_method, url) { Content = new ByteArrayContent(body) { Headers = { ContentType = contentType } } };
        request.Headers.UserAgent.ParseAdd(s_userAgent);
        foreach (var (name, template) in _templates.Headers)
        {
            var value = WebhookHeaders.Encode(template.Render(e, TemplateEscaping.None, values, CultureInfo.InvariantCulture));
            if (name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.UserAgent.Clear();
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.Remove(name);
                if (!request.Content.Headers.TryAddWithoutValidation(name, value))
                {
                    return DeliveryResult.Permanent($"Headers: '{name}' could not be added to the request. Nothing was sent.");
                }
            }
        }

        if (_signingKey is { } key)
        {
            Sign(request, key, StandardWebhookSigner.MessageId(notification), body);
        }

        var exchange = await HttpNotifierDelivery.ExchangeAsync(_http, request, false, _time, cancellationToken).ConfigureAwait(false);
        return HttpNotifierDelivery.ToResult(exchange, _options, null, exchange.IsSuccess ? [] : Secrets(url, request)); // a success has no reason to redact
    }

    /// <summary>
    /// The forms in which a provider could echo the request's credentials back, longest first: the URL's (each token-like
    /// path segment and query value too), the configured headers' values (a bearer token without its scheme too) and
    /// the signing secret.
    /// </summary>
    private string[] Secrets(Uri url, HttpRequestMessage request)
    {
        var headers = request.Headers
            .Where(h => h.Key != "User-Agent" && !h.Key.StartsWith("webhook-", StringComparison.Ordinal))
            .SelectMany(h => h.Value)
            .SelectMany(HttpNotifierDelivery.SecretsOfHeader);
        return [.. HttpNotifierDelivery.SecretsOfUrl(url).Concat(headers).Append(_options.SigningSecret ?? string.Empty)
            .Where(s => s.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    internal static bool IsSupportedMethod(string? method) =>
        string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) || string.Equals(method, "PUT", StringComparison.OrdinalIgnoreCase);

    private (byte[] Body, MediaTypeHeaderValue ContentType) Body(Notification notification, NotificationValues values)
    {
        var e = notification.Event;
        if (_options.Format == WebhookBodyFormat.Form)
        {
            var form = string.Join('&', _templates.FormFields.Select(f =>
                Uri.EscapeDataString(f.Name) + "=" + Uri.EscapeDataString(f.Value.Render(e, TemplateEscaping.None, values, CultureInfo.InvariantCulture))));
            return (Encoding.UTF8.GetBytes(form), new MediaTypeHeaderValue("application/x-www-form-urlencoded"));
        }

        var json = notification.Payload ?? GroupedAlerts.AddJson(JsonTemplate.EventPayload.Render(e, TemplateEscaping.None, values, CultureInfo.InvariantCulture), notification.Alerts, counts: false);
        return (Encoding.UTF8.GetBytes(json), new MediaTypeHeaderValue("application/json", "utf-8"));
    }

    /// <summary>Stamps and signs the attempt's request: the id is the notification's on every attempt, the timestamp (and so the signature) the attempt's own.</summary>
    private void Sign(HttpRequestMessage request, byte[] key, string id, byte[] body)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        Set(request, StandardWebhookSigner.IdHeader, id);
        Set(request, StandardWebhookSigner.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        Set(request, StandardWebhookSigner.SignatureHeader, StandardWebhookSigner.Sign(key, id, timestamp, body));
    }

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
