using Alerting.Templates;

namespace Alerting.Notifiers.Internal;

/// <summary>The attributes a chat channel shows as fields (Slack) or facts (Teams): a template per name, compiled once.</summary>
internal static class AttributeFields
{
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
