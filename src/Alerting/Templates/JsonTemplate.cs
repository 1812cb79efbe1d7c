using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// A JSON document whose strings, keys included, may hold placeholders, such as
/// <c>{"summary": "{source} failed", "details": "{attributes:json}"}</c>. Placeholder syntax, name resolution and
/// formats are those of <see cref="MessageTemplate"/>. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The output is valid JSON whatever the event holds: every templated string is written again as a JSON string, its
/// substituted values escaped for the destination first and then as JSON string content. A string that is exactly one
/// placeholder with the <c>json</c> format, such as <c>"{attributes:json}"</c> or <c>"{count:json}"</c>, becomes the
/// value as typed JSON: <c>null</c>, booleans, numbers (invariant), strings, times as ISO 8601 (<c>"O"</c>) strings,
/// enums as lower-case strings, dictionaries as objects, sequences as arrays, JSON elements and nodes as they are, and
/// anything else as a string of its text. A dictionary or sequence nested deeper than 32 levels is written as the string
/// <c>"…(nested deeper than 32 levels)"</c>, and one that contains itself, where it recurs, as
/// <c>"…(cycle: contains itself)"</c>. Typed values are data: the value escaping does not apply to them. Everything
/// outside templated strings is copied as written.
/// </remarks>
public sealed class JsonTemplate
{
    private const string EventPayloadText =
        """{"id":"{id}","type":"{type}","source":"{source}","severity":"{severity}","status":"{status}","timestamp":"{timestamp:json}","message":"{message:json}","dedupKey":"{dedup_key}","environment":"{environment:json}","url":"{url:json}","attributes":"{attributes:json}"}""";

    private static readonly JsonReaderOptions s_strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private readonly PartRenderer _renderer;

    private JsonTemplate(string text, TemplatePart[] parts)
    {
        Text = text;
        _renderer = new PartRenderer(parts, jsonStrings: true);
        Placeholders = TemplatePart.Placeholders(parts);
    }

    /// <summary>
    /// Gets the default webhook payload: the whole event as one JSON object with <c>id</c>, <c>type</c>,
    /// <c>source</c>, <c>severity</c>, <c>status</c>, <c>timestamp</c> (ISO 8601, <c>"O"</c>), <c>message</c>,
    /// <c>dedupKey</c> (the effective key), <c>environment</c>, <c>url</c> (each <c>null</c> when unset; <c>url</c> also
/// when it is not an absolute http or https link) and
    /// <c>attributes</c> (an object of typed values).
    /// </summary>
    public static JsonTemplate EventPayload { get; } = Parse(EventPayloadText);

    /// <summary>Gets the template text as written.</summary>
    public string Text { get; }

    /// <summary>Gets the placeholders, keys and values alike, in the order they appear.</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>Parses a JSON template.</summary>
    /// <param name="json">The template: one JSON value, without comments or trailing commas.</param>
    /// <returns>The compiled template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="TemplateException">The text is not valid JSON or holds an invalid placeholder; the message names the line and column.</exception>
    public static JsonTemplate Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var reader = new Utf8JsonReader(bytes, s_strict);

        // How much of the template is compiled so far, in bytes and in characters.
        var doneBytes = 0;
        var doneChars = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                var before = Encoding.UTF8.GetString(bytes, doneBytes, start - doneBytes);
                var contentStart = doneChars + before.Length + 1;
                var content = ReadString(ref reader, json, contentStart - 1);
                if (content.AsSpan().IndexOfAny('{', '}') < 0)
                {
                    continue;
                }

                var written = Encoding.UTF8.GetString(reader.ValueSpan);
                var source = new TemplateSource(json, contentStart, reader.ValueIsEscaped ? EscapeMap(written) : null);
                literal.Append(before);
                AddString(TemplateParser.Parse(content, source), reader.TokenType == JsonTokenType.PropertyName, literal, parts);
                doneBytes = start + reader.ValueSpan.Length + 2;
                doneChars = contentStart + written.Length + 1;
            }
        }
        catch (JsonException ex)
        {
            throw new TemplateException("Invalid JSON: " + ReaderProblem(ex.Message), json, IndexOf(json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0), ex);
        }

        literal.Append(Encoding.UTF8.GetString(bytes, doneBytes, bytes.Length - doneBytes));
        Flush(literal, parts);
        return new JsonTemplate(json, [.. parts]);
    }

    /// <summary>Parses a JSON template, reporting a problem instead of throwing.</summary>
    /// <param name="json">The template: one JSON value, without comments or trailing commas.</param>
    /// <param name="template">The compiled template, when valid.</param>
    /// <param name="error">The problem, with its position, when not.</param>
    /// <returns>Whether the text is a valid JSON template.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    public static bool TryParse(string json, [NotNullWhen(true)] out JsonTemplate? template, [NotNullWhen(false)] out TemplateException? error)
    {
        try
        {
            template = Parse(json);
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

    /// <summary>Renders the template for an event; the result is always valid JSON.</summary>
    /// <param name="alertEvent">The event.</param>
    /// <param name="valueEscaping">Escaping applied to substituted values before they are encoded as JSON string content, for example <see cref="TemplateEscaping.SlackMrkdwn"/> for Slack text fields. Defaults to <see cref="TemplateEscaping.None"/>.</param>
    /// <param name="values">Context values, consulted after event fields and before attributes; none by default.</param>
    /// <param name="formatProvider">The culture of values formatted into strings; defaults to <see cref="System.Globalization.CultureInfo.InvariantCulture"/>. Typed JSON values are always invariant.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="alertEvent"/> is <see langword="null"/>.</exception>
    public string Render(AlertEvent alertEvent, TemplateEscaping valueEscaping = TemplateEscaping.None, IReadOnlyDictionary<string, object?>? values = null, IFormatProvider? formatProvider = null)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        return _renderer.Render(alertEvent, valueEscaping, values, formatProvider);
    }

    /// <summary>Returns the template text as written.</summary>
    /// <returns><see cref="Text"/>.</returns>
    public override string ToString() => Text;

    private static string ReadString(ref Utf8JsonReader reader, string json, int index)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            throw new TemplateException("Invalid JSON: a string holds an unpaired surrogate escape", json, index, ex);
        }
    }

    /// <summary>Adds a templated string: a typed value when it is one <c>{name:json}</c> value, else a JSON string with its literal text escaped once, here.</summary>
    private static void AddString(TemplatePart[] stringParts, bool isKey, StringBuilder literal, List<TemplatePart> parts)
    {
        if (!isKey && stringParts is [{ Placeholder.Kind: CompiledPlaceholder.FormatKind.Json } only])
        {
            Flush(literal, parts);
            parts.Add(new TemplatePart(null, only.Placeholder, Typed: true));
            return;
        }

        literal.Append('"');
        foreach (var part in stringParts)
        {
            if (part.Literal is { } text)
            {
                literal.Append(Escaper.Escape(text, TemplateEscaping.Json));
            }
            else
            {
                Flush(literal, parts);
                parts.Add(part);
            }
        }

        literal.Append('"');
    }

    private static void Flush(StringBuilder literal, List<TemplatePart> parts)
    {
        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), null));
            literal.Clear();
        }
    }

    /// <summary>For each character of a string's content, its offset in the string as written (escape sequences are longer).</summary>
    private static int[] EscapeMap(string written)
    {
        var map = new List<int>(written.Length);
        for (var i = 0; i < written.Length; i += written[i] != '\\' ? 1 : written[i + 1] == 'u' ? 6 : 2)
        {
            map.Add(i);
        }

        return [.. map];
    }

    /// <summary>The character index of a reader position (0-based line, 0-based byte in that line).</summary>
    private static int IndexOf(string text, long line, long bytePosition)
    {
        var index = 0;
        for (var l = 0; l < line && index < text.Length; l++)
        {
            var next = text.IndexOf('\n', index);
            index = next < 0 ? text.Length : next + 1;
        }

        var lineEnd = text.IndexOf('\n', index);
        var lineBytes = Encoding.UTF8.GetBytes(text[index..(lineEnd < 0 ? text.Length : lineEnd)]);
        return index + Encoding.UTF8.GetCharCount(lineBytes, 0, (int)Math.Min(bytePosition, lineBytes.Length));
    }

    /// <summary>The reader's message without its own (0-based, byte) position.</summary>
    private static string ReaderProblem(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
    }
}
