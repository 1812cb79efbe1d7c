using System.Globalization;
using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Hangfire.Internal;

/// <summary>A target template (a name, a group): checked at start-up, rendered from each event.</summary>
internal static class ActionTemplate
{
    /// <summary>Parses <paramref name="text"/>; adds a problem named with <paramref name="field"/>.</summary>
    public static MessageTemplate? Compile(string field, string text, List<string> errors)
    {
        if (MessageTemplate.TryParse(text, out var template, out var error))
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
