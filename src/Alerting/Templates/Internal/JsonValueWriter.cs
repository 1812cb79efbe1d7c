using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alerting.Templates.Internal;

/// <summary>Writes a value as a typed JSON value (the <c>{name:json}</c> format): always valid JSON, whatever it holds.</summary>
internal static class JsonValueWriter
{
    private const int MaxDepth = 32;

    public static void Append(ref ValueStringBuilder output, object? value) => Append(ref output, value, 0);

    private static void Append(ref ValueStringBuilder output, object? value, int depth)
    {
        var provider = CultureInfo.InvariantCulture;
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
            case AlertSeverity severity:
                AppendString(ref output, ValueText.SeverityWord(severity));
                return;
            case AlertStatus status:
                AppendString(ref output, ValueText.StatusWord(status));
                return;
            case Enum e:
                AppendString(ref output, e.ToString().ToLowerInvariant());
                return;
            case double d when !double.IsFinite(d):
            case float f when !float.IsFinite(f):
                AppendString(ref output, ((IFormattable)value).ToString(null, provider));
                return;
            case byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal or Int128 or UInt128:
                output.TryAppendFormatted((ISpanFormattable)value, default, provider);
                return;
            case DateTimeOffset dto:
                output.Append('"');
                output.TryAppendFormatted(dto, "O", provider);
                output.Append('"');
                return;
            case DateTime dt:
                output.Append('"');
                output.TryAppendFormatted(dt, "O", provider);
                output.Append('"');
                return;
            case JsonElement element:
                output.Append(element.ValueKind == JsonValueKind.Undefined ? "null" : element.GetRawText());
                return;
            case JsonNode node:
                output.Append(node.ToJsonString());
                return;
        }

        if (depth >= MaxDepth)
        {
            AppendString(ref output, value.ToString() ?? string.Empty);
            return;
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                AppendObject(ref output, pairs, depth);
                return;
            case IDictionary map:
                AppendObject(ref output, map, depth);
                return;
            case IEnumerable items:
                output.Append('[');
                var first = true;
                foreach (var item in items)
                {
                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    Append(ref output, item, depth + 1);
                }

                output.Append(']');
                return;
            default:
                var text = new ValueStringBuilder(stackalloc char[128]);
                ValueText.Append(ref text, value, null);
                AppendString(ref output, text.Written);
                text.Dispose();
                return;
        }
    }

    public static void AppendString(ref ValueStringBuilder output, scoped ReadOnlySpan<char> text)
    {
        output.Append('"');
        Escaper.AppendJson(ref output, text);
        output.Append('"');
    }

    private static void AppendObject(ref ValueStringBuilder output, IEnumerable<KeyValuePair<string, object?>> pairs, int depth)
    {
        output.Append('{');
        var first = true;
        foreach (var (key, item) in pairs)
        {
            if (!first)
            {
                output.Append(',');
            }

            first = false;
            AppendString(ref output, key);
            output.Append(':');
            Append(ref output, item, depth + 1);
        }

        output.Append('}');
    }

    private static void AppendObject(ref ValueStringBuilder output, IDictionary map, int depth)
    {
        output.Append('{');
        var first = true;
        foreach (DictionaryEntry entry in map)
        {
            if (!first)
            {
                output.Append(',');
            }

            first = false;
            AppendString(ref output, Convert.ToString(entry.Key, CultureInfo.InvariantCulture));
            output.Append(':');
            Append(ref output, entry.Value, depth + 1);
        }

        output.Append('}');
    }
}
