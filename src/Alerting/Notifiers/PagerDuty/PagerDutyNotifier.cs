using Alerting.Notifiers.Http;
using System.Net.Http.Headers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.PagerDuty.Internal;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.PagerDuty;

/// <summary>
/// Sends notifications to PagerDuty's Events API v2: triggers, acknowledges and resolves alerts under the incident's
/// dedup key (always sent, with the same routing key), or sends change events. Retries, timeouts and the circuit breaker
/// live in the channel's HTTP pipeline; the result carries PagerDuty's message and the number of tries.
/// </summary>
/// <remarks>
/// An incident update (<see cref="NotificationKind.Update"/>) is sent as a trigger under the open incident's dedup key,
/// which PagerDuty appends to that alert's log without paging again. A test notification
/// (<see cref="NotificationKind.Test"/>) is sent as a change event: it proves the routing key and the route to PagerDuty
/// without opening an alert that would page whoever is on call.
/// </remarks>
public sealed class PagerDutyNotifier : INotifier
{
    private static readonly JsonTemplate s_attributes = JsonTemplate.Parse("\"{attributes:json}\"");

    private readonly PagerDutyOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PagerDutyTemplates _templates;
    private readonly Uri _enqueue;
    private readonly Uri _changeEnqueue;
    private readonly HashSet<string> _changeEventTypes;

    /// <summary>Creates the notifier for one channel.</summary>
    /// <param name="options">The channel's options, validated.</param>
    /// <param name="httpClient">The channel's named client (<c>Alerting.{channel}</c>), which carries the resilience pipeline.</param>
    /// <param name="timeProvider">The clock; defaults to the system clock.</param>
    /// <param name="loggerFactory">Where trimming is logged; defaults to none.</param>
    public PagerDutyNotifier(PagerDutyOptions options, HttpClient httpClient, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = new List<string>();
        _templates = PagerDutyTemplates.TryCompile(options, errors) ?? throw new ArgumentException(string.Join(" ", errors), nameof(options));
        _options = options;
        _http = httpClient;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting.PagerDuty");
        var baseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");
        _enqueue = new Uri(baseUrl, PagerDutyConstants.EnqueuePath);
        _changeEnqueue = new Uri(baseUrl, PagerDutyConstants.ChangeEnqueuePath);
        _changeEventTypes = new HashSet<string>(options.ChangeEventTypes ?? [], StringComparer.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public NotifierCapabilities Capabilities { get; } = new()
    {
        MaxTitleLength = PagerDutyConstants.MaxSummaryLength,
        RateLimit = PagerDutyConstants.EventsPerMinute,
    };

    /// <inheritdoc />
    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var isChange = notification.Kind == NotificationKind.Test || _changeEventTypes.Contains(notification.Event.Type);
        if (isChange && notification.Kind is NotificationKind.Resolve or NotificationKind.Acknowledge)
        {
            return DeliveryResult.Delivered();
        }

        var content = Render(notification);
        var body = PagerDutyEventWriter.Fit(content, isChange, _logger, notification.ChannelName);

        using var request = new HttpRequestMessage(HttpMethod.Post, isChange ? _changeEnqueue : _enqueue)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
        };
        var exchange = await HttpNotifierDelivery.ExchangeAsync(_http, request, false, _time, cancellationToken).ConfigureAwait(false);
        return HttpNotifierDelivery.ToResult(exchange, _options, PagerDutyResponse.Describe(exchange.Body), _options.RoutingKey);
    }

    /// <summary>The PagerDuty severity of a notification: the channel's mapping of its (possibly overridden) severity.</summary>
    internal static PagerDutySeverity SeverityFor(PagerDutyOptions options, AlertSeverity severity) =>
        options.Severities.TryGetValue(severity, out var mapped) ? mapped : (PagerDutySeverity)Math.Clamp((int)severity, 0, 3);

    /// <summary>The dedup key as sent: the incident's key, or its SHA-256 when longer than PagerDuty's 255 characters.</summary>
    internal static string DedupKeyFor(string key) =>
        key.Length <= PagerDutyConstants.MaxDedupKeyLength
            ? key
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();

    private PagerDutyEventWriter.Content Render(Notification notification)
    {
        var e = notification.Event;
        var templates = _templates;
        var summary = notification.Title.Length > 0 ? notification.Title : $"{e.Type} {e.Source}"; // cut to its limit, and logged, by the writer
        var source = templates.Source?.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture);
        return new PagerDutyEventWriter.Content
        {
            RoutingKey = _options.RoutingKey!,
            Action = notification.Kind switch
            {
                NotificationKind.Resolve => "resolve",
                NotificationKind.Acknowledge => "acknowledge",
                _ => "trigger",
            },
            DedupKey = DedupKeyFor(notification.DedupKey),
            Summary = summary,
            Source = string.IsNullOrWhiteSpace(source) ? e.Source : source,
            Severity = SeverityFor(_options, notification.Severity).ToString().ToLowerInvariant(),
            Timestamp = e.Timestamp,
            Component = Text(templates.Component, e),
            Group = Text(templates.Group, e),
            Class = Text(templates.Class, e),
            CustomDetails = notification.Payload ?? GroupedAlerts.AddJson(s_attributes.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture), notification.Alerts, counts: true),
            Links = [.. templates.Links.Select((l, i) => (Href: Link(notification, $"links[{i}].href", Url(l.Href, e)), Text: Text(l.Text, e)))
                .Where(l => l.Href is not null).Select(l => (l.Href!, l.Text))],
            Images = [.. templates.Images.Select((image, i) => (
                    Src: Link(notification, $"images[{i}].src", Url(image.Src, e)),
                    Href: image.Href is null ? null : Link(notification, $"images[{i}].href", Url(image.Href, e)),
                    Alt: Text(image.Alt, e)))
                .Where(image => image.Src is not null).Select(image => (image.Src!, image.Href, image.Alt))],
            Client = _options.Client,
            ClientUrl = templates.ClientUrl is { } clientUrl ? Link(notification, "client_url", Url(clientUrl, e)) : EventLink(notification),
        };
    }

    /// <summary>A rendered link when it may leave (http or https, <see cref="SafeLinks"/>); otherwise null, logged by field and scheme.</summary>
    private string? Link(Notification notification, string field, string rendered)
    {
        if (SafeLinks.IsAllowed(rendered))
        {
            return rendered;
        }

        PagerDutyLog.LinkDropped(_logger, notification.ChannelName, field, SafeLinks.SchemeOf(rendered));
        return null;
    }

    /// <summary>The event's own link for <c>client_url</c> when it may leave; otherwise null, logged by scheme.</summary>
    private string? EventLink(Notification notification)
    {
        if (notification.Event.Url is { } url && !SafeLinks.IsAllowed(url))
        {
            PagerDutyLog.LinkDropped(_logger, notification.ChannelName, "client_url", SafeLinks.SchemeOf(url));
        }

        return SafeLinks.AbsoluteOrNull(notification.Event.Url);
    }

    private static string? Text(MessageTemplate? template, AlertEvent e) =>
        template?.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;

    private static string Url(MessageTemplate template, AlertEvent e) => template.Render(e, TemplateEscaping.Url, null, CultureInfo.InvariantCulture);
}
