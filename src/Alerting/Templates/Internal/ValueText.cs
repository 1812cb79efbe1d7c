using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Alerting.Templates.Internal;

/// <summary>How a value reads as text in a rendered template (invariant culture throughout).</summary>
internal static class ValueText
{
    public static void Append(ref ValueStringBuilder output, object? value, string? format)
    {
        var provider = CultureInfo.InvariantCulture;
        switch (value)
        {
            case null:
                return;
            case string s:
                output.Append(s);
                return;
            case AlertSeverity severity:
                output.Append(SeverityWord(severity));
                return;
            case AlertStatus status:
                output.Append(StatusWord(status));
                return;
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case Enum e:
                AppendLower(ref output, e.ToString());
                return;
            case DateTimeOffset dto:
                AppendTimestamp(ref output, dto, format);
                return;
            case DateTime dt when format is null:
                output.TryAppendFormatted(dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt, "yyyy-MM-dd HH:mm:ss'Z'", provider);
                return;
            case Uri uri:
                output.Append(uri.OriginalString);
                return;
            case ISpanFormattable formattable:
                if (!output.TryAppendFormatted(formattable, format, provider))
                {
                    output.TryAppendFormatted(formattable, default, provider);
                }

                return;
            case JsonElement element:
                output.Append(element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText());
                return;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                AppendPairs(ref output, pairs);
                return;
            case IFormattable formattable:
                output.Append(SafeFormat(formattable, format, provider));
                return;
            case IEnumerable items:
                AppendItems(ref output, items);
                return;
            default:
                output.Append(value.ToString());
                return;
        }
    }

    /// <summary>Without a format, a UTC time as <c>2026-11-22 09:12:00Z</c>; with one, the value formatted as given.</summary>
    public static void AppendTimestamp(ref ValueStringBuilder output, DateTimeOffset value, string? format)
    {
        if (format is null || !output.TryAppendFormatted(value, format, CultureInfo.InvariantCulture))
        {
            output.TryAppendFormatted(value.UtcDateTime, "yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        }
    }

    public static string StatusWord(AlertStatus status) => status == AlertStatus.Resolved ? "resolved" : "firing";

    public static string SeverityWord(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Error => "error",
        AlertSeverity.Critical => "critical",
        _ => ((int)severity).ToString(CultureInfo.InvariantCulture),
    };

    private static void AppendLower(ref ValueStringBuilder output, string text)
    {
        foreach (var c in text)
        {
            output.Append(char.ToLowerInvariant(c));
        }
    }

    private static void AppendPairs(ref ValueStringBuilder output, IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var first = true;
        foreach (var (key, item) in pairs)
        {
            if (!first)
            {
                output.Append(", ");
            }

            first = false;
            output.Append(key);
            output.Append('=');
            Append(ref output, item, null);
        }
    }

    private static void AppendItems(ref ValueStringBuilder output, IEnumerable items)
    {
        var first = true;
        foreach (var item in items)
        {
            if (!first)
            {
                output.Append(", ");
            }

            first = false;
            Append(ref output, item, null);
        }
    }

    private static string SafeFormat(IFormattable formattable, string? format, IFormatProvider provider)
    {
        try
        {
            return formattable.ToString(format, provider);
        }
        catch (FormatException)
        {
            return formattable.ToString(null, provider);
        }
    }
}
