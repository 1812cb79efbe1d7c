using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Alerting.Notifiers.Http.Internal;
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
        RetriesInternally = true,
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
        var body = PagerDutyEventWriter.Fit(content, isChange ? PagerDutyEventWriter.Change : PagerDutyEventWriter.Alert, out var trimmed);
        if (trimmed is not null)
        {
            Log.BodyTrimmed(_logger, notification.ChannelName, body.Length, PagerDutyConstants.MaxBodyBytes, trimmed);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, isChange ? _changeEnqueue : _enqueue)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = HttpDelivery.JsonContentType() } },
        };
        var exchange = await HttpDelivery.SendAsync(_http, request, _time, null, cancellationToken);
        return HttpDelivery.ToResult(exchange, _options, PagerDutyResponse.Describe(exchange.Body), _options.RoutingKey);
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
        var summary = TextTruncation.Truncate(notification.Title.Length > 0 ? notification.Title : $"{e.Type} {e.Source}", PagerDutyConstants.MaxSummaryLength, out _);
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
            CustomDetails = notification.Payload ?? s_attributes.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture),
            Links = [.. templates.Links.Select(l => (Url(l.Href, e), Text(l.Text, e)))],
            Images = [.. templates.Images.Select(i => (Url(i.Src, e), i.Href is null ? null : Url(i.Href, e), Text(i.Alt, e)))],
            Client = _options.Client,
            ClientUrl = templates.ClientUrl is { } clientUrl ? Url(clientUrl, e) : e.Url?.AbsoluteUri,
        };
    }

    private static string? Text(MessageTemplate? template, AlertEvent e) =>
        template?.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture) is { Length: > 0 } text ? text : null;

    private static string Url(MessageTemplate template, AlertEvent e) => template.Render(e, TemplateEscaping.Url, null, CultureInfo.InvariantCulture);
}
