using System.Globalization;
using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Notifiers;

/// <summary>
/// A host action's target template (a job name, a trigger group, a run id): checked at start-up, rendered from each
/// notification's event as plain text, trimmed, with <c>{rule}</c> and <c>{channel}</c> as context values. What the
/// built-in host actions (job-run, quartz, hangfire) use, for plugin authors writing their own.
/// </summary>
public static class HostActionTemplate
{
    /// <summary>Parses <paramref name="text"/>, or <paramref name="fallback"/> when it is null; adds a problem named with <paramref name="field"/>.</summary>
    /// <param name="field">The option's name, for the problem.</param>
    /// <param name="text">The configured template; null for the default.</param>
    /// <param name="fallback">The default template.</param>
    /// <param name="errors">Where a problem is added: an empty template, or one that does not parse (with its position).</param>
    /// <returns>The template; null when it has a problem.</returns>
    public static MessageTemplate? Compile(string field, string? text, string fallback, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
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
    /// <param name="template">A template from <see cref="Compile"/>.</param>
    /// <param name="notification">The notification the action carries out.</param>
    /// <returns>The rendered text, trimmed.</returns>
    public static string Render(MessageTemplate template, Notification notification)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(notification);
        var values = new Dictionary<string, object?>(2, StringComparer.Ordinal)
        {
            ["rule"] = notification.RuleName,
            ["channel"] = notification.ChannelName,
        };
        return template.Render(notification.Event, TemplateEscaping.None, values, CultureInfo.InvariantCulture).Trim();
    }
}
