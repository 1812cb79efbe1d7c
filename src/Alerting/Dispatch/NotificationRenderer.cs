using System.Globalization;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Templates;
using Microsoft.Extensions.Logging;
using Alerting.Dispatch.Internal;
using Alerting.Incidents;

namespace Alerting.Dispatch;

/// <summary>Turns a delivery into the notification its channel gets: templates rendered, escaped and cut to the channel's limits.</summary>
internal static class NotificationRenderer
{
    public static Notification Render(in Delivery delivery, ILogger logger)
    {
        var action = delivery.Action;
        var ruleName = delivery.Kind == NotificationKind.Test ? null : action.Rule.Name;
        return Render(delivery.Envelope.Event, delivery.Kind, delivery.Channel, action.Templates, ruleName, action.Severity, action.Values, logger, delivery.Incident);
    }

    public static Notification Render(
        AlertEvent e,
        NotificationKind kind,
        DeliveryChannel channel,
        TemplateSet templates,
        string? ruleName,
        AlertSeverity? severity,
        IReadOnlyDictionary<string, object?> values,
        ILogger logger,
        IncidentContext? incident = null)
    {
        var caps = channel.Capabilities;
        NotificationAlert[] alerts = [];
        var grouped = incident is { Alerts.Count: > 0 };
        if (incident is not null)
        {
            var withIncident = new Dictionary<string, object?>(values, StringComparer.Ordinal)
            {
                ["incident_id"] = incident.Id,
                ["occurrences"] = incident.Occurrences,
                ["first_seen"] = incident.OpenedAt,
                ["escalation_level"] = incident.EscalationLevel,
            };
            if (grouped)
            {
                (alerts, var groupSeverity) = GroupValues.Add(withIncident, incident, templates.Alert, caps.MessageEscaping);
                severity ??= groupSeverity;
            }

            values = withIncident;
        }

        var shown = severity is { } overridden ? e.WithSeverity(overridden) : e;
        var titleTemplate = templates.Title ?? (grouped ? DefaultTemplates.GroupTitle : DefaultTemplates.Title(e.Type));
        var messageTemplate = templates.Message ?? (grouped ? DefaultTemplates.GroupMessage : DefaultTemplates.Message(e.Type));
        var title = Fit(titleTemplate.Render(shown, caps.TitleEscaping, values, CultureInfo.InvariantCulture), caps.MaxTitleLength, "title", channel.Name, logger);
        var message = Fit(WithNote(messageTemplate.Render(shown, caps.MessageEscaping, values, CultureInfo.InvariantCulture), incident), caps.MaxMessageLength, "message", channel.Name, logger);
        var subject = templates.Subject is { } s ? Fit(s.Render(shown, caps.TitleEscaping, values, CultureInfo.InvariantCulture), caps.MaxTitleLength, "subject", channel.Name, logger) : null;
        var body = templates.Body is { } b ? Fit(b.Render(shown, caps.BodyEscaping, values, CultureInfo.InvariantCulture), caps.MaxBodyLength, "body", channel.Name, logger) : null;

        return new Notification
        {
            ChannelName = channel.Name,
            RuleName = ruleName,
            Event = e,
            Kind = kind,
            Severity = severity ?? e.Severity,
            DedupKey = incident?.Key ?? e.EffectiveDedupKey,
            IncidentId = incident?.Id,
            EscalationLevel = incident?.EscalationLevel,
            Title = title,
            Message = message,
            Subject = subject,
            Body = body,
            Payload = templates.Payload?.Render(shown, caps.PayloadValueEscaping, values, CultureInfo.InvariantCulture),
            Alerts = alerts,
        };
    }

    /// <summary>A repeat or an escalation says why it comes now, on a line of its own.</summary>
    private static string WithNote(string message, IncidentContext? incident) =>
        incident?.Note is { } note ? string.Concat(message, "\n", note) : message;

    private static string Fit(string text, int? maxLength, string part, string channelName, ILogger logger)
    {
        var result = TextTruncation.Truncate(text, maxLength, out var truncated);
        if (truncated)
        {
            Log.Truncated(logger, part, channelName, maxLength!.Value);
        }

        return result;
    }
}
