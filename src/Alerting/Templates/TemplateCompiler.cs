namespace Alerting.Templates;

/// <summary>
/// Compiles the configured templates (the render stage of the flow, done once at configuration): parses each, reports
/// syntax errors with their position and, with strict templates, attributes that are not known.
/// </summary>
internal static class TemplateCompiler
{
    /// <summary>The names strict templates accept (the known attributes and the context values), or null when templates are not strict.</summary>
    public static HashSet<string>? StrictNames(bool strict, IEnumerable<string> known, IEnumerable<string> contextValues) =>
        strict ? new HashSet<string>(known.Concat(contextValues), StringComparer.Ordinal) : null;

    /// <summary>Compiles the templates of a channel or an action, reporting each invalid one with its position.</summary>
    public static TemplateSet Compile(string where, NotificationTemplateOptions options, HashSet<string>? strict, List<string> errors) => new()
    {
        Title = Parse(where, "Title", options.Title, strict, errors),
        Message = Parse(where, "Message", options.Message, strict, errors),
        Subject = Parse(where, "Subject", options.Subject, strict, errors),
        Body = Parse(where, "Body", options.Body, strict, errors),
        Payload = ParseJson(where, options.Payload, strict, errors),
        Alert = Parse(where, "Alert", options.Alert, strict, errors),
    };

    private static MessageTemplate? Parse(string where, string field, string? text, HashSet<string>? strict, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!MessageTemplate.TryParse(text, out var template, out var error))
        {
            errors.Add($"{where}: {field} template is invalid: {error.Message}");
            return null;
        }

        CheckNames(where, field, template.Placeholders, strict, errors);
        return template;
    }

    private static JsonTemplate? ParseJson(string where, string? text, HashSet<string>? strict, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!JsonTemplate.TryParse(text, out var template, out var error))
        {
            errors.Add($"{where}: Payload template is invalid: {error.Message}");
            return null;
        }

        CheckNames(where, "Payload", template.Placeholders, strict, errors);
        return template;
    }

    private static void CheckNames(string where, string field, IReadOnlyList<TemplatePlaceholder> placeholders, HashSet<string>? strict, List<string> errors)
    {
        if (strict is null)
        {
            return;
        }

        foreach (var p in placeholders)
        {
            if (!p.IsEventField && p.AttributeName is { } attribute && !strict.Contains(attribute))
            {
                errors.Add($"{where}: {field} template names unknown attribute '{attribute}' at line {p.Line}, column {p.Column} (strict templates; add it to KnownAttributes).");
            }
        }
    }
}
