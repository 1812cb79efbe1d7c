using System.Globalization;
using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Monitoring.Internal;

/// <summary>A host action's target template (a job name, a run id): checked at start-up, rendered from each event.</summary>
internal static class HostActionTemplate
{
    /// <summary>Parses <paramref name="text"/>, or <paramref name="fallback"/> when it is null; adds a problem named with <paramref name="field"/>.</summary>
    public static MessageTemplate? Compile(string field, string? text, string fallback, List<string> errors)
    {
        if (text is not null && string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"{field} is empty; leave it unset for the default {fallback}.");
            return null;
        }

        if (MessageTemplate.TryParse(text ?? fallback, out var template, out var error))
        {
            return template;
        }

        errors.Add($"{field}: {error.Message}");
        return null;
    }

    /// <summary>Renders the template for the notification's event, with <c>rule</c> and <c>channel</c> as context values.</summary>
    public static string Render(MessageTemplate template, Notification notification)
    {
        var values = new Dictionary<string, object?>(2, StringComparer.Ordinal)
        {
            ["rule"] = notification.RuleName,
            ["channel"] = notification.ChannelName,
        };
        return template.Render(notification.Event, TemplateEscaping.None, values, CultureInfo.InvariantCulture).Trim();
    }
}
