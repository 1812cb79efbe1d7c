using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Alerting.Templates.Internal;

/// <summary>
/// How a value reads as text in a rendered template, before escaping. Common values (strings, numbers, times, enums)
/// are written into the buffer without allocating.
/// </summary>
internal static class ValueText
{
    /// <summary>How deep nested dictionaries and lists are written; deeper values (and cycles) are written with <see cref="object.ToString"/>.</summary>
    public const int MaxDepth = 32;

    /// <summary>A time without a format: UTC, to the second, like <c>2026-11-22 09:12:00Z</c> (the universal sortable pattern), compiled.</summary>
    public static TimeFormat UtcTime { get; } = TimeFormat.TryCompile("yyyy-MM-dd HH:mm:ss'Z'", utc: true)!;

    /// <summary>Appends <paramref name="value"/>; <paramref name="format"/> is a .NET format, and an invalid one is ignored.</summary>
    public static void Append(ref ValueStringBuilder output, object? value, string? format, IFormatProvider provider) =>
        Append(ref output, value, format, provider, 0);

    /// <summary>A time as UTC to the second without a format (or with one invalid for times), else formatted as given.</summary>
    public static void AppendTime(ref ValueStringBuilder output, DateTimeOffset value, string? format, IFormatProvider provider)
    {
        if (format is null || !output.TryAppendFormatted(value, format, provider))
        {
            AppendUtc(ref output, value.UtcDateTime);
        }
    }

    public static string SeverityWord(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "info",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Error => "error",
        AlertSeverity.Critical => "critical",
        _ => ((int)severity).ToString(CultureInfo.InvariantCulture),
    };

    public static string SeverityWordUpper(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Info => "INFO",
        AlertSeverity.Warning => "WARNING",
        AlertSeverity.Error => "ERROR",
        AlertSeverity.Critical => "CRITICAL",
        _ => SeverityWord(severity),
    };

    public static string StatusWord(AlertStatus status) => status == AlertStatus.Resolved ? "resolved" : "firing";

    public static string StatusWordUpper(AlertStatus status) => status == AlertStatus.Resolved ? "RESOLVED" : "FIRING";

    private static void Append(ref ValueStringBuilder output, object? value, string? format, IFormatProvider provider, int depth, object?[]? path = null)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                output.Append(s);
                return;
            case bool b:
                output.Append(b ? "true" : "false");
                return;
            case AlertSeverity severity when format is null:
                output.Append(SeverityWord(severity));
                return;
            case AlertStatus status when format is null:
                output.Append(StatusWord(status));
                return;
            case Enum e:
                // Without a (valid) format, the lower-case name: "warning".
                var start = output.Length;
                if (format is null || !output.TryAppendFormatted(e, format, provider))
                {
                    output.TryAppendFormatted(e, default, provider);
                    Casing.ToLower(output.WritableFrom(start));
                }

                return;
            case DateTimeOffset time:
                AppendTime(ref output, time, format, provider);
                return;
            case DateTime time:
                if (format is null || !output.TryAppendFormatted(time, format, provider))
                {
                    // An unspecified kind is taken as UTC.
                    AppendUtc(ref output, time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time);
                }

                return;
            case Uri uri:
                output.Append(uri.OriginalString);
                return;
            case JsonElement element:
                AppendElement(ref output, element);
                return;
            case ISpanFormattable formattable:
                output.AppendFormatted(formattable, format, provider);
                return;
            case IFormattable formattable:
                output.Append(SafeToString(formattable, format, provider));
                return;
        }

        if (value is IEnumerable)
        {
            // As in JSON templates: a marker past the depth limit or where a value contains itself, never a type name
            // or an endless walk.
            if (depth >= MaxDepth)
            {
                output.Append(JsonValueWriter.TooDeep);
                return;
            }

            path ??= new object?[MaxDepth];
            if (Array.IndexOf(path, value, 0, depth) >= 0)
            {
                output.Append(JsonValueWriter.Cycle);
                return;
            }

            path[depth] = value;
        }

        switch (value)
        {
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                var first = true;
                foreach (var (key, item) in pairs)
                {
                    AppendPair(ref output, ref first, key, item, provider, depth, path);
                }

                return;
            case IDictionary map:
                first = true;
                foreach (DictionaryEntry entry in map)
                {
                    AppendPair(ref output, ref first, Convert.ToString(entry.Key, CultureInfo.InvariantCulture), entry.Value, provider, depth, path);
                }

                return;
            case IEnumerable items:
                first = true;
                foreach (var item in items)
                {
                    AppendSeparator(ref output, ref first);
                    Append(ref output, item, null, provider, depth + 1, path);
                }

                return;
            default:
                output.Append(value.ToString());
                return;
        }
    }

    private static void AppendUtc(ref ValueStringBuilder output, DateTime utc) =>
        UtcTime.Append(ref output, new DateTimeOffset(utc.Ticks, TimeSpan.Zero));

    /// <summary>A JSON string as its text, null as nothing, anything else as its JSON.</summary>
    private static void AppendElement(ref ValueStringBuilder output, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Undefined or JsonValueKind.Null:
                return;
            case JsonValueKind.String:
                output.Append(element.GetString());
                return;
            default:
                output.Append(element.GetRawText());
                return;
        }
    }

    private static void AppendPair(ref ValueStringBuilder output, ref bool first, string? key, object? value, IFormatProvider provider, int depth, object?[]? path)
    {
        AppendSeparator(ref output, ref first);
        output.Append(key);
        output.Append('=');
        Append(ref output, value, null, provider, depth + 1, path);
    }

    private static void AppendSeparator(ref ValueStringBuilder output, ref bool first)
    {
        if (!first)
        {
            output.Append(", ");
        }

        first = false;
    }

    private static string? SafeToString(IFormattable formattable, string? format, IFormatProvider provider)
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
