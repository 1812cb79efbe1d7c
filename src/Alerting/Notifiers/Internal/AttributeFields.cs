using System.Globalization;
using Alerting.Templates;

namespace Alerting.Notifiers.Internal;

/// <summary>The fields a chat channel shows (Slack fields, Teams facts): the chosen attributes, a template per name compiled once, and times.</summary>
internal static class AttributeFields
{
    /// <summary>A time as chat channels show it: <c>2026-11-22 09:12:00 UTC</c>.</summary>
    public static string Time(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static List<(string Name, MessageTemplate Value)> Compile(IEnumerable<string>? names, List<string> errors)
    {
        var compiled = new List<(string, MessageTemplate)>();
        foreach (var name in names ?? [])
        {
            if (string.IsNullOrWhiteSpace(name) || name.IndexOfAny(['{', '}', ':']) >= 0)
            {
                errors.Add($"Attributes: '{name}' is not an attribute name (no braces or colons).");
                continue;
            }

            compiled.Add((name, MessageTemplate.Parse($"{{attributes.{name}}}")));
        }

        return compiled;
    }
}
