using System.Globalization;
using System.Text.RegularExpressions;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Teams.Internal;

namespace Alerting.Notifiers.Teams;

/// <summary>
/// Options of a Microsoft Teams channel: a Workflows webhook URL (its <c>sig</c> query parameter is the credential) and
/// what to post. Keep the URL in configuration, user secrets or the environment; it never appears in logs, reasons or
/// metrics.
/// </summary>
public sealed partial class TeamsOptions : IHttpNotifierOptions
{
    /// <summary>Gets or sets the webhook URL of the Workflows flow "Post to a channel when a webhook request is received". A secret.</summary>
    /// <value>Required; HTTPS unless <see cref="HttpDeliveryOptions.AllowInsecureHttp"/> is set.</value>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Gets or sets what is posted.</summary>
    /// <value>Defaults to <see cref="TeamsFormat.AdaptiveCard"/>; <see cref="TeamsFormat.MessageCard"/> only for legacy connector URLs.</value>
    public TeamsFormat Format { get; set; } = TeamsFormat.AdaptiveCard;

    /// <summary>Gets or sets the attributes shown as facts after source, type, environment and time, by name.</summary>
    /// <value>Defaults to none.</value>
    public List<string> Attributes { get; set; } = [];

    /// <summary>Gets or sets the title of the action that opens the event's URL.</summary>
    /// <value>Defaults to <c>Open</c>.</value>
    public string LinkText { get; set; } = "Open";

    /// <summary>
    /// Gets or sets the largest request body in UTF-8 bytes. Teams rejects messages over 28 KB and some clients fail
    /// near 21 KB, so the longest texts are cut visibly until the message fits.
    /// </summary>
    /// <value>Defaults to 20,000; between 2,000 and 28,672.</value>
    public int MaxBodyBytes { get; set; } = TeamsConstants.DefaultMaxBodyBytes;

    /// <summary>Gets or sets the per-request timeout, the circuit breaker and whether plain HTTP is allowed (retries are the channel's <c>Retry</c> options).</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>408, 429 and 5xx are worth retrying; 400, 401, 403 and 404 (bad card, bad <c>sig</c>, flow gone) are final.</summary>
    bool IHttpNotifierOptions.IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary>Legacy connectors report throttling (and some other errors) in a 200 body, so their 2xx bodies are read on every try.</summary>
    bool IHttpNotifierOptions.InspectsBody(int statusCode) => Format == TeamsFormat.MessageCard && statusCode is >= 200 and < 300;

    /// <summary>
    /// <c>Microsoft Teams endpoint returned HTTP error 429</c> in a legacy connector's 200 body stands for 429, so the
    /// pipeline retries it; any other <c>HTTP error NNN</c> there stands for that status.
    /// </summary>
    int? IHttpNotifierOptions.StatusInBody(int statusCode, string body) =>
        LegacyError().Match(body) is { Success: true } match ? int.Parse(match.Groups["status"].ValueSpan, CultureInfo.InvariantCulture) : null;

    /// <inheritdoc />
    public override string ToString() => $"Teams {Format} (URL not shown)";

    [GeneratedRegex(TeamsConstants.LegacyErrorPattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, 100)]
    private static partial Regex LegacyError();
}
