using Alerting.Notifiers.Http;

namespace Alerting.Samples.CustomNotifier;

/// <summary>Options of a Gotify channel, bound from <c>Alerting:Channels:{name}</c>.</summary>
public sealed class GotifyOptions : IHttpNotifierOptions
{
    /// <summary>Gets or sets the Gotify server, such as <c>https://gotify.example.com</c> (a path prefix is kept).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the application token messages are created with (a secret: sent in <c>X-Gotify-Key</c>, never logged).</summary>
    public string? AppToken { get; set; }

    /// <summary>Gets or sets the Gotify priority per severity (0–10; the Android app sounds from 4 and pops up from 8).</summary>
    /// <value>Defaults to Info 2, Warning 5, Error 8, Critical 10.</value>
    public Dictionary<AlertSeverity, int> Priorities { get; set; } = new()
    {
        [AlertSeverity.Info] = 2,
        [AlertSeverity.Warning] = 5,
        [AlertSeverity.Error] = 8,
        [AlertSeverity.Critical] = 10,
    };

    /// <summary>Gets or sets the per-request timeout and circuit-breaker settings of the channel's HTTP pipeline.</summary>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <inheritdoc />
    public override string ToString() => $"Gotify {BaseUrl?.GetLeftPart(UriPartial.Authority)} (app token {(AppToken is null ? "not set" : "set")})";
}
