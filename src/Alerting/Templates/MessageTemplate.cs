using System.Diagnostics.CodeAnalysis;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// A text template such as <c>"Job {source} failed at {timestamp:HH:mm}: {message}"</c>, parsed once and rendered
/// many times. Immutable and thread-safe; rendering allocates only the resulting string for common values.
/// </summary>
/// <remarks>
/// <para>
/// Syntax: <c>{name}</c>, <c>{name:format}</c> (the format is everything after the first <c>:</c>), and <c>{{</c> and
/// <c>}}</c> for literal braces. Names are letters, digits, <c>_</c>, <c>-</c> and dots between segments. A
/// malformed template is rejected when parsed, with the line and column of the problem.
/// </para>
/// <para>
/// Names resolve, in order, to: an event field (<c>id</c>, <c>type</c>, <c>source</c>, <c>severity</c>,
/// <c>message</c>, <c>timestamp</c>, <c>status</c>, <c>dedup_key</c> or <c>dedupKey</c> (the effective key),
/// <c>environment</c>, <c>url</c> (only an absolute http or https link; any other renders as nothing), and
/// <c>attributes</c>, the whole bag as <c>k=v, k=v</c>), matched ignoring case; a
/// context value given to <see cref="Render"/>; an attribute. Context values and attributes are matched exactly, so
/// <c>Run {flow_run_name} entered state {state}</c> works as written. <c>{attributes.region}</c> always reads the
/// attribute, never a context value. Further dotted segments read members of nested dictionaries and JSON objects
/// (<c>{attributes.run.id}</c>), after trying the dotted name as a name of its own
/// (<c>{prefect.resource.id}</c>). Unknown names and null values render as nothing.
/// </para>
/// <para>
/// Formats: any .NET format of the value (<c>{timestamp:yyyy-MM-dd HH:mm}</c>, <c>{count:N0}</c>), applied with the
/// format provider; a format that is invalid for the value renders the value as if it had none. <c>upper</c> and
/// <c>lower</c> change case; <c>json</c> writes the value as JSON text. Without a format: times as UTC to the second
/// (<c>2026-11-22 09:12:00Z</c>), severities, statuses and other enums as lower-case names (<c>error</c>), booleans as
/// <c>true</c>/<c>false</c>, URIs as written, lists as <c>a, b</c>, and numbers with the format provider.
/// </para>
/// </remarks>
public sealed class MessageTemplate
{
    private readonly PartRenderer _renderer;

    /// <summary>
    /// Escapes <paramref name="value"/> for a destination as the templates escape substituted values (HTML, Slack mrkdwn,
    /// JSON string content, URL components, plain text with control characters removed).
    /// </summary>
    /// <param name="value">The text.</param>
    /// <param name="escaping">The destination's escaping.</param>
    /// <returns>The escaped text.</returns>
    public static string Escape(string value, TemplateEscaping escaping)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Escaper.Escape(value, escaping);
    }

    private MessageTemplate(string text, TemplatePart[] parts)
    {
        Text = text;
        _renderer = new PartRenderer(parts, jsonStrings: false);
        Placeholders = TemplatePart.Placeholders(parts);
    }

    /// <summary>Gets the template text as written.</summary>
    public string Text { get; }

    /// <summary>Gets the placeholders, in the order they appear.</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>Parses a template.</summary>
    /// <param name="text">The template text.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateException">The text is not a valid template; the message names the line and column.</exception>
    public static MessageTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new MessageTemplate(text, TemplateParser.Parse(text, TemplateSource.Whole(text)));
    }

    /// <summary>Parses a template, reporting a problem instead of throwing.</summary>
    /// <param name="text">The template text.</param>
    /// <param name="template">The compiled template, when valid.</param>
    /// <param name="error">The problem, with its position, when not.</param>
    /// <returns>Whether the text is a valid template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
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
    /// <param name="escaping">How substituted values are escaped; literal text is never escaped. Defaults to <see cref="TemplateEscaping.None"/>.</param>
    /// <param name="values">Context values, consulted after event fields and before attributes (Alerting passes <c>rule</c> and <c>channel</c>); none by default.</param>
    /// <param name="formatProvider">The culture of formatted values; defaults to <see cref="System.Globalization.CultureInfo.InvariantCulture"/>.</param>
    /// <returns>The rendered text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alertEvent"/> is <see langword="null"/>.</exception>
    public string Render(AlertEvent alertEvent, TemplateEscaping escaping = TemplateEscaping.None, IReadOnlyDictionary<string, object?>? values = null, IFormatProvider? formatProvider = null)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        return _renderer.Render(alertEvent, escaping, values, formatProvider);
    }

    /// <summary>Returns the template text as written.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;
}
