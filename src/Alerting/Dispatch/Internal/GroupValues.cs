using System.Globalization;
using System.Text;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// What a grouped notification's templates see: each alert's line rendered with the action's <c>Alert</c> template, and
/// the group's values (<c>{alerts}</c>, <c>{alerts_count}</c>, <c>{alerts_firing}</c>, <c>{alerts_new}</c>,
/// <c>{alerts_resolved}</c>, <c>{alerts_summary}</c>, <c>{group}</c>, <c>{alert_details}</c>).
/// </summary>
internal static class GroupValues
{
    /// <summary>The names of the group's values and of the alert line's own (<c>alert_state</c>).</summary>
    public static readonly string[] Names =
        ["alerts", "alerts_count", "alerts_firing", "alerts_new", "alerts_resolved", "alerts_summary", "group", "alert_details", "alert_state"];

    /// <summary>
    /// The alerts as the channel shows them (each line rendered plain, then escaped like the message) and the values,
    /// added to <paramref name="values"/>; the severity to show is the highest of the firing alerts (of all, once none fires).
    /// </summary>
    public static (NotificationAlert[] Alerts, AlertSeverity Severity) Add(
        Dictionary<string, object?> values, IncidentContext incident, MessageTemplate? alertTemplate, TemplateEscaping escaping)
    {
        var alerts = incident.Alerts!;
        var template = alertTemplate ?? DefaultTemplates.Alert;
        var shown = new NotificationAlert[alerts.Count];
        var lines = new StringBuilder();
        var details = new List<Dictionary<string, object?>>(alerts.Count);
        int firing = 0, isNew = 0;
        var severity = AlertSeverity.Info;
        var highestFiring = (AlertSeverity?)null;
        for (var i = 0; i < alerts.Count; i++)
        {
            var alert = alerts[i];
            var e = alert.Event;
            var state = alert.Status == AlertStatus.Resolved ? "resolved" : alert.IsNew ? "new" : "firing";
            if (alert.Status == AlertStatus.Firing)
            {
                firing++;
                isNew += alert.IsNew ? 1 : 0;
                highestFiring = highestFiring is { } h && h >= e.Severity ? h : e.Severity;
            }

            severity = severity >= e.Severity ? severity : e.Severity;
            var line = template.Render(e, TemplateEscaping.None, new Dictionary<string, object?>(values, StringComparer.Ordinal) { ["alert_state"] = state }, CultureInfo.InvariantCulture);
            lines.Append(i == 0 ? string.Empty : "\n").Append(line);
            shown[i] = new NotificationAlert
            {
                Event = e,
                Status = alert.Status,
                IsNew = alert.IsNew,
                FirstSeenAt = alert.FirstSeenAt,
                Occurrences = alert.Occurrences,
                Text = escaping == TemplateEscaping.None ? line : MessageTemplate.Escape(line, escaping),
            };
            details.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["state"] = state,
                ["source"] = e.Source,
                ["type"] = e.Type,
                ["severity"] = e.Severity.ToString().ToLowerInvariant(),
                ["message"] = e.Message,
                ["url"] = SafeLinks.AbsoluteOrNull(e.Url),
                ["first_seen"] = alert.FirstSeenAt,
                ["occurrences"] = alert.Occurrences,
            });
        }

        var resolved = alerts.Count - firing;
        values["alerts"] = lines.ToString();
        values["alerts_count"] = alerts.Count;
        values["alerts_firing"] = firing;
        values["alerts_new"] = isNew;
        values["alerts_resolved"] = resolved;
        values["alerts_summary"] = Summary(firing, isNew, resolved);
        values["group"] = incident.Group;
        values["alert_details"] = details;
        return (shown, highestFiring ?? severity);
    }

    /// <summary><c>5 alerts firing, 2 new, 1 resolved</c>; <c>3 alerts resolved</c> once none fires.</summary>
    private static string Summary(int firing, int isNew, int resolved)
    {
        if (firing == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{resolved} {Alerts(resolved)} resolved");
        }

        var summary = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{firing} {Alerts(firing)} firing");
        if (isNew > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $", {isNew} new");
        }

        if (resolved > 0)
        {
            summary.Append(CultureInfo.InvariantCulture, $", {resolved} resolved");
        }

        return summary.ToString();
    }

    private static string Alerts(int count) => count == 1 ? "alert" : "alerts";
}
