using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;

namespace Alerting.Samples.CustomNotifier;

/// <summary>
/// Sends each notification as a Gotify message (<c>POST {BaseUrl}/message</c>), written only against Alerting's public
/// plugin API: the channel's <see cref="HttpClient"/> carries the shared HTTP pipeline, and
/// <see cref="HttpNotifierDelivery"/> sends through it and classifies Gotify's answer.
/// </summary>
public sealed class GotifyNotifier(GotifyOptions options, HttpClient http) : INotifier
{
    /// <summary>The header Gotify reads the application token from.</summary>
    public const string TokenHeader = "X-Gotify-Key";

    private readonly Uri _endpoint = new(EnsureTrailingSlash(options.BaseUrl ?? throw new ArgumentException("BaseUrl is required.", nameof(options))), "message");

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var message = new JsonObject
        {
            ["title"] = notification.Title,
            ["message"] = notification.Message,
            ["priority"] = options.Priorities.GetValueOrDefault(notification.Severity, 5),
            ["extras"] = Extras(notification),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = JsonContent.Create(message) };
        request.Headers.Add(TokenHeader, options.AppToken);
        return await HttpNotifierDelivery.SendAsync(http, request, [options.AppToken ?? string.Empty], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Plain text display, and the event's link (http or https only) as the notification's click target.</summary>
    private static JsonObject Extras(Notification notification)
    {
        var extras = new JsonObject { ["client::display"] = new JsonObject { ["contentType"] = "text/plain" } };
        if (notification.Event.Url is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp))
        {
            extras["client::notification"] = new JsonObject { ["click"] = new JsonObject { ["url"] = url.AbsoluteUri } };
        }

        return extras;
    }

    private static Uri EnsureTrailingSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
