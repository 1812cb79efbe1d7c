using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alerting.Templates.Internal;

/// <summary>
/// Writes a value as typed JSON (the <c>{name:json}</c> format), always valid and safe to embed in HTML: null,
/// booleans, numbers, strings, times as ISO 8601 (<c>"O"</c>) strings, dictionaries as objects, sequences as arrays,
/// JSON elements and nodes as they are; anything else as a string of its text. Numbers are always invariant. A
/// dictionary or sequence nested deeper than <see cref="ValueText.MaxDepth"/> levels is written as the string
/// <see cref="TooDeep"/>, and one that contains itself (a cycle), where it recurs, as <see cref="Cycle"/>.
/// </summary>
internal static class JsonValueWriter
{
    /// <summary>Written instead of a dictionary or sequence nested deeper than <see cref="ValueText.MaxDepth"/> levels.</summary>
    public static readonly string TooDeep = $"\u2026(nested deeper than {ValueText.MaxDepth} levels)";

    /// <summary>Written instead of a dictionary or sequence inside itself, where it recurs.</summary>
    public const string Cycle = "\u2026(cycle: contains itself)";

    private static readonly SearchValues<char> s_unsafeInScript = SearchValues.Create("<>&'\u2028\u2029");

    public static void Append(ref ValueStringBuilder output, object? value) => Append(ref output, value, 0, null);

    public static void AppendString(ref ValueStringBuilder output, scoped ReadOnlySpan<char> text)
    {
        output.Append('"');
        Escaper.Append(ref output, text, TemplateEscaping.Json);
        output.Append('"');
    }

    public static void AppendTime(ref ValueStringBuilder output, DateTimeOffset value)
    {
        output.Append('"');
        output.TryAppendFormatted(value, "O", CultureInfo.InvariantCulture);
        output.Append('"');
    }

    /// <param name="output">Where the JSON goes.</param>
    /// <param name="value">The value.</param>
    /// <param name="depth">How many dictionaries and sequences enclose the value.</param>
    /// <param name="path">The enclosing dictionaries and sequences, outermost first (the first <paramref name="depth"/>); null until the first.</param>
    private static void Append(ref ValueStringBuilder output, object? value, int depth, object?[]? path)
    {
        switch (value)
        {
            case null:
                output.Append("null");
                return;
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case string s:
                AppendString(ref output, s);
                return;
            case double d when !double.IsFinite(d):
            case float f when !float.IsFinite(f):
                // NaN and infinities have no JSON number: "NaN", "Infinity", "-Infinity".
                AppendAsString(ref output, value);
                return;
            case byte or sbyte or short or ushort or int or uint or long or ulong or nint or nuint or Int128 or UInt128 or float or double or decimal:
                output.TryAppendFormatted((ISpanFormattable)value, default, CultureInfo.InvariantCulture);
                return;
            case DateTimeOffset time:
                AppendTime(ref output, time);
                return;
            case DateTime time:
                output.Append('"');
                output.TryAppendFormatted(time, "O", CultureInfo.InvariantCulture);
                output.Append('"');
                return;
            case JsonElement element:
                AppendJsonText(ref output, element.ValueKind == JsonValueKind.Undefined ? "null" : element.GetRawText());
                return;
            case JsonNode node:
                AppendJsonText(ref output, node.ToJsonString());
                return;
        }

        if (value is IEnumerable)
        {
            if (depth >= ValueText.MaxDepth)
            {
                AppendString(ref output, TooDeep);
                return;
            }

            path ??= new object?[ValueText.MaxDepth];
            if (Array.IndexOf(path, value, 0, depth) >= 0)
            {
                AppendString(ref output, Cycle);
                return;
            }

            path[depth] = value;
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                output.Append('{');
                var first = true;
                foreach (var (key, item) in pairs)
                {
                    AppendMember(ref output, ref first, key, item, depth, path);
                }

                output.Append('}');
                return;
            case IDictionary map:
                output.Append('{');
                first = true;
                foreach (DictionaryEntry entry in map)
                {
                    AppendMember(ref output, ref first, Convert.ToString(entry.Key, CultureInfo.InvariantCulture), entry.Value, depth, path);
                }

                output.Append('}');
                return;
            case IEnumerable items:
                output.Append('[');
                first = true;
                foreach (var item in items)
                {
                    AppendComma(ref output, ref first);
                    Append(ref output, item, depth + 1, path);
                }

                output.Append(']');
                return;
            default:
                AppendAsString(ref output, value);
                return;
        }
    }

    /// <summary>The value as a JSON string of its template text: enums as lower-case names, URIs as written, and so on.</summary>
    [SkipLocalsInit]
    private static void AppendAsString(ref ValueStringBuilder output, object value)
    {
        var text = new ValueStringBuilder(stackalloc char[128]);
        try
        {
            ValueText.Append(ref text, value, null, CultureInfo.InvariantCulture);
            AppendString(ref output, text.Written);
        }
        finally
        {
            text.Dispose();
        }
    }

    private static void AppendMember(ref ValueStringBuilder output, ref bool first, string? key, object? value, int depth, object?[]? path)
    {
        AppendComma(ref output, ref first);
        AppendString(ref output, key);
        output.Append(':');
        Append(ref output, value, depth + 1, path);
    }

    private static void AppendComma(ref ValueStringBuilder output, ref bool first)
    {
        if (!first)
        {
            output.Append(',');
        }

        first = false;
    }

    /// <summary>
    /// Copies valid JSON text, escaping the characters that are unsafe inside a <c>&lt;script&gt;</c> element. They can
    /// only occur inside strings, where the <c>\u</c> escape means the same character.
    /// </summary>
    private static void AppendJsonText(ref ValueStringBuilder output, string json)
    {
        var rest = json.AsSpan();
        while (true)
        {
            var next = rest.IndexOfAny(s_unsafeInScript);
            if (next < 0)
            {
                output.Append(rest);
                return;
            }

            output.Append(rest[..next]);
            Escaper.Append(ref output, rest.Slice(next, 1), TemplateEscaping.Json);
            rest = rest[(next + 1)..];
        }
    }
}
