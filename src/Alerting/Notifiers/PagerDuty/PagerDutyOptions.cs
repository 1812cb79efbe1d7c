using Alerting.Notifiers.Http;

namespace Alerting.Notifiers.PagerDuty;

/// <summary>
/// Options of a PagerDuty channel (Events API v2). The summary is the notification's title (cut to 1,024 characters);
/// <c>custom_details</c> is the channel's or action's <c>Payload</c> template when set, otherwise the event's attributes.
/// The text options below are templates rendered against the event, like titles.
/// </summary>
public sealed class PagerDutyOptions : IHttpNotifierOptions
{
    /// <summary>Gets or sets the integration (routing) key of an "Events API v2" integration: exactly 32 characters. A secret: keep it in configuration, user secrets or the environment, never in source.</summary>
    /// <value>Required.</value>
    public string? RoutingKey { get; set; }

    /// <summary>Gets or sets the Events API base URL (<c>/v2/enqueue</c> and <c>/v2/change/enqueue</c> are appended); use <c>https://events.eu.pagerduty.com</c> for the EU service region, or an emulator in tests.</summary>
    /// <value>Defaults to <c>https://events.pagerduty.com</c>.</value>
    public Uri BaseUrl { get; set; } = new("https://events.pagerduty.com");

    /// <summary>Gets or sets <c>payload.source</c>, the affected system (ideally a host name), as a template.</summary>
    /// <value>Defaults to <c>{source}</c>: the event's source.</value>
    public string Source { get; set; } = "{source}";

    /// <summary>Gets or sets <c>payload.component</c>, the part of the source that is affected, as a template.</summary>
    /// <value>Defaults to <see langword="null"/>: not sent.</value>
    public string? Component { get; set; }

    /// <summary>Gets or sets <c>payload.group</c>, a logical grouping of sources, as a template.</summary>
    /// <value>Defaults to <see langword="null"/>: not sent.</value>
    public string? Group { get; set; }

    /// <summary>Gets or sets <c>payload.class</c>, the kind of event, as a template.</summary>
    /// <value>Defaults to <c>{type}</c>: the event type, such as <c>job.failed</c>.</value>
    public string? Class { get; set; } = "{type}";

    /// <summary>
    /// Gets or sets how the notification's severity (the event's, or the rule action's override) maps to PagerDuty's.
    /// Entries given here replace the default for their severity.
    /// </summary>
    /// <value>Defaults to Info → info, Warning → warning, Error → error, Critical → critical.</value>
    public Dictionary<AlertSeverity, PagerDutySeverity> Severities { get; set; } = new()
    {
        [AlertSeverity.Info] = PagerDutySeverity.Info,
        [AlertSeverity.Warning] = PagerDutySeverity.Warning,
        [AlertSeverity.Error] = PagerDutySeverity.Error,
        [AlertSeverity.Critical] = PagerDutySeverity.Critical,
    };

    /// <summary>Gets or sets the links shown on the alert.</summary>
    /// <value>Defaults to empty.</value>
    public List<PagerDutyLinkOptions> Links { get; set; } = [];

    /// <summary>Gets or sets the images shown on the alert.</summary>
    /// <value>Defaults to empty.</value>
    public List<PagerDutyImageOptions> Images { get; set; } = [];

    /// <summary>Gets or sets <c>client</c>, the name of the sending tool, shown on triggers.</summary>
    /// <value>Defaults to <c>Alerting</c>.</value>
    public string? Client { get; set; } = "Alerting";

    /// <summary>Gets or sets <c>client_url</c>, a link to the sending tool, as a template.</summary>
    /// <value>Defaults to <see langword="null"/>: the event's <c>Url</c>, when it has one.</value>
    public string? ClientUrl { get; set; }

    /// <summary>
    /// Gets or sets the event types sent as change events (<c>/v2/change/enqueue</c>: shown on the service's timeline,
    /// never paging), such as <c>job.succeeded</c> or a deployment. Their resolve and acknowledge notifications are
    /// not sent, since change events have no lifecycle. Change events need a service integration key, not a ruleset key.
    /// </summary>
    /// <value>Defaults to empty: every notification is an alert event.</value>
    public List<string> ChangeEventTypes { get; set; } = [];

    /// <summary>Gets or sets the per-request timeout, the circuit breaker and whether plain HTTP is allowed (retries are the channel's <c>Retry</c> options).</summary>
    /// <value>Defaults to <see cref="HttpDeliveryOptions"/>'s defaults.</value>
    public HttpDeliveryOptions Http { get; set; } = new();

    /// <summary>PagerDuty asks for retries on 408, 429 and 5xx; anything else (400 above all) is final.</summary>
    bool IHttpNotifierOptions.IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary>
    /// PagerDuty confirms in the body (<c>{"status": "success", "dedup_key": …}</c>), and an alert event sent again under
    /// its dedup key changes nothing: a 2xx whose body cannot be read is a failed try, retried.
    /// </summary>
    UnreadableSuccessBody IHttpNotifierOptions.OnUnreadableSuccessBody => UnreadableSuccessBody.Retried;

    /// <inheritdoc />
    public override string ToString() => $"PagerDuty {SecretRedaction.Url(BaseUrl)} (routing key {(RoutingKey is null ? "not set" : "set")})";
}
