using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using Alerting.Templates.Internal;

namespace Alerting.Templates;

/// <summary>
/// A JSON document whose strings (keys included) may hold placeholders, such as
/// <c>{"summary": "{source} failed", "details": "{attributes:json}"}</c>. The output is valid JSON whatever the event
/// holds: every templated string is re-encoded as a JSON string, and a string that is exactly one placeholder with the
/// <c>json</c> format becomes that value as typed JSON (numbers, booleans, null, objects from dictionaries, arrays).
/// Immutable and thread-safe; placeholder syntax and name resolution are those of <see cref="MessageTemplate"/>.
/// </summary>
public sealed class JsonTemplate
{
    private const string EventPayloadText =
        """{"id":"{id}","type":"{type}","source":"{source}","severity":"{severity}","status":"{status}","timestamp":"{timestamp:json}","message":"{message:json}","dedupKey":"{dedup_key}","environment":"{environment:json}","url":"{url:json}","attributes":"{attributes:json}"}""";

    private static readonly JsonReaderOptions s_strict = new() { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };

    private readonly JsonPart[] _parts;

    private JsonTemplate(string text, JsonPart[] parts)
    {
        Text = text;
        _parts = parts;
        Placeholders = [.. parts.SelectMany(p => p.Holes)];
    }

    /// <summary>Gets the default webhook payload: the whole event as a JSON object (id, type, source, severity, status, timestamp, message, dedupKey, environment, url, attributes).</summary>
    public static JsonTemplate EventPayload { get; } = Parse(EventPayloadText);

    /// <summary>Gets the template text as written.</summary>
    public string Text { get; }

    /// <summary>Gets the placeholders, in order.</summary>
    public IReadOnlyList<TemplatePlaceholder> Placeholders { get; }

    /// <summary>Parses a JSON template.</summary>
    /// <param name="json">The template: a JSON document.</param>
    /// <returns>The template.</returns>
    /// <exception cref="TemplateException">The text is not valid JSON or holds an invalid placeholder; the message names the line and column.</exception>
    public static JsonTemplate Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var bytes = Encoding.UTF8.GetBytes(json);
        var parts = new List<JsonPart>();
        var reader = new Utf8JsonReader(bytes, s_strict);
        var rawStart = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
                {
                    continue;
                }

                var value = reader.GetString()!;
                if (value.AsSpan().IndexOfAny('{', '}') < 0)
                {
                    continue;
                }

                var start = (int)reader.TokenStartIndex;
                var end = start + reader.ValueSpan.Length + 2;
                if (start > rawStart)
                {
                    parts.Add(JsonPart.Raw(Encoding.UTF8.GetString(bytes, rawStart, start - rawStart)));
                }

                var offset = Encoding.UTF8.GetCharCount(bytes, 0, start) + 1;
                var stringParts = TemplateParser.Parse(value, json, offset);
                parts.Add(reader.TokenType == JsonTokenType.String && stringParts is [{ Hole.Kind: Hole.FormatKind.Json } only]
                    ? JsonPart.Typed(only.Hole!)
                    : JsonPart.String(stringParts));
                rawStart = end;
            }
        }
        catch (JsonException ex)
        {
            throw new TemplateException("Invalid JSON: " + FirstSentence(ex.Message), json, IndexOf(json, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0), ex);
        }

        if (rawStart < bytes.Length)
        {
            parts.Add(JsonPart.Raw(Encoding.UTF8.GetString(bytes, rawStart, bytes.Length - rawStart)));
        }

        return new JsonTemplate(json, [.. parts]);
    }

    /// <summary>Parses a JSON template, reporting a problem instead of throwing.</summary>
    /// <param name="json">The template: a JSON document.</param>
    /// <param name="template">The template, when valid.</param>
    /// <param name="error">The problem, when not.</param>
    /// <returns>Whether the text is a valid JSON template.</returns>
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
    /// <param name="valueEscaping">Escaping applied to substituted values before JSON encoding (for example <see cref="TemplateEscaping.SlackMrkdwn"/> for Slack text fields).</param>
    /// <param name="values">Extra named values, consulted after event fields and before attributes.</param>
    /// <returns>The JSON text.</returns>
    public string Render(AlertEvent alertEvent, TemplateEscaping valueEscaping = TemplateEscaping.None, IReadOnlyDictionary<string, object?>? values = null)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        var output = new ValueStringBuilder(stackalloc char[1024]);
        var text = new ValueStringBuilder(stackalloc char[256]);
        try
        {
            foreach (var part in _parts)
            {
                if (part.RawText is { } raw)
                {
                    output.Append(raw);
                }
                else if (part.TypedHole is { } typed)
                {
                    JsonValueWriter.Append(ref output, typed.Resolve(alertEvent, values));
                }
                else
                {
                    text.Length = 0;
                    PartRenderer.Append(ref text, part.StringParts!, alertEvent, valueEscaping, values);
                    JsonValueWriter.AppendString(ref output, text.Written);
                }
            }

            return output.ToString();
        }
        finally
        {
            text.Dispose();
            output.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    private static int IndexOf(string text, long line, long bytePosition)
    {
        var index = 0;
        for (var l = 0; l < line && index < text.Length; l++)
        {
            var next = text.IndexOf('\n', index);
            index = next < 0 ? text.Length : next + 1;
        }

        var lineEnd = text.IndexOf('\n', index);
        var lineLength = (lineEnd < 0 ? text.Length : lineEnd) - index;
        var lineBytes = Encoding.UTF8.GetBytes(text.Substring(index, lineLength));
        var chars = Encoding.UTF8.GetCharCount(lineBytes, 0, (int)Math.Min(bytePosition, lineBytes.Length));
        return Math.Min(index + chars, text.Length);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut < 0 ? message : message[..cut]).TrimEnd(' ', '.', '|');
    }

    private sealed class JsonPart
    {
        public string? RawText { get; private init; }

        public TemplatePart[]? StringParts { get; private init; }

        public Hole? TypedHole { get; private init; }

        public IEnumerable<TemplatePlaceholder> Holes =>
            TypedHole is not null ? [TypedHole.Placeholder] :
            StringParts?.Where(p => p.Hole is not null).Select(p => p.Hole!.Placeholder) ?? [];

        public static JsonPart Raw(string text) => new() { RawText = text };

        public static JsonPart String(TemplatePart[] parts) => new() { StringParts = parts };

        public static JsonPart Typed(Hole hole) => new() { TypedHole = hole };
    }
}
