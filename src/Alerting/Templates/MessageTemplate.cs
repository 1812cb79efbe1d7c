using System.Diagnostics.CodeAnalysis;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// A text template such as <c>"Job {source} failed at {timestamp:HH:mm}: {message}"</c>, parsed once and rendered
/// many times. Immutable and thread-safe; rendering allocates only the resulting string.
/// </summary>
/// <remarks>
/// Names resolve to event fields first (<c>id</c>, <c>type</c>, <c>source</c>, <c>severity</c>, <c>message</c>,
/// <c>timestamp</c>, <c>status</c>, <c>dedup_key</c>, <c>environment</c>, <c>url</c>, <c>attributes</c>;
/// case-insensitive), then to the <c>values</c> given to <see cref="Render"/>, then to attributes
/// (<c>{region}</c> and <c>{attributes.region}</c> alike); further dotted segments navigate nested dictionaries and
/// JSON objects. Unknown names render empty. Formats: any .NET format for the value (<c>{timestamp:yyyy-MM-dd}</c>,
/// <c>{count:N0}</c>; an invalid one renders the value unformatted), <c>upper</c>, <c>lower</c>, and <c>json</c> (the
/// value as JSON). Without a format, times render in UTC as <c>2026-11-22 09:12:00Z</c> and severities and statuses
/// as lower-case words. Everything renders with the invariant culture.
/// </remarks>
public sealed class MessageTemplate
{
    private readonly TemplatePart[] _parts;

    private MessageTemplate(string text, TemplatePart[] parts)
    {
        Text = text;
        _parts = parts;
        Placeholders = [.. parts.Where(p => p.Hole is not null).Select(p => p.Hole!.Placeholder)];
    }

    /// <summary>Gets the template text as written.</summary>
    public string Text { get; }

    /// <summary>Gets the placeholders, in order.</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>The template.</returns>
    /// <exception cref="TemplateException">The text is not a valid template; the message names the line and column.</exception>
    public static MessageTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MessageTemplate(text, TemplateParser.Parse(text, text, 0));
    }

    /// <summary>Parses a template, reporting a problem instead of throwing.</summary>
    /// <param name="text">The template text.</param>
    /// <param name="template">The template, when valid.</param>
    /// <param name="error">The problem, when not.</param>
    /// <returns>Whether the text is a valid template.</returns>
    public static bool TryParse(string text, [NotNullWhen(true)] out MessageTemplate? template, [NotNullWhen(false)] out TemplateException? error)
    {
        try
        {
            template = Parse(text);
            error = null;
            return true;
        }
        catch (TemplateException ex)
        {
            template = null;
            error = ex;
            return false;
        }
    }

    /// <summary>Renders the template for an event.</summary>
    /// <param name="alertEvent">The event.</param>
    /// <param name="escaping">How substituted values are escaped; literal text is never escaped.</param>
    /// <param name="values">Extra named values, consulted after event fields and before attributes (Alerting passes <c>rule</c> and <c>channel</c>).</param>
    /// <returns>The rendered text.</returns>
    public string Render(AlertEvent alertEvent, TemplateEscaping escaping = TemplateEscaping.None, IReadOnlyDictionary<string, object?>? values = null)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        if (_parts.Length == 1 && _parts[0].Literal is { } only)
        {
            return only;
        }

        var output = new ValueStringBuilder(stackalloc char[512]);
        try
        {
            PartRenderer.Append(ref output, _parts, alertEvent, escaping, values);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
