using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Alerting.Templates.Internal;

/// <summary>
/// A compiled placeholder. What it reads is decided at parse time: an event field, read without boxing where it
/// can be, or a name looked up in the context values and then in the attributes (or in the attributes only, for
/// <c>{attributes.name}</c>), followed by navigation into nested dictionaries and JSON objects.
/// </summary>
internal sealed class CompiledPlaceholder
{
    private const string AttributesPrefix = "attributes.";

    private static readonly FrozenDictionary<string, EventField> s_fields = new Dictionary<string, EventField>
    {
        ["id"] = EventField.Id,
        ["type"] = EventField.Type,
        ["source"] = EventField.Source,
        ["severity"] = EventField.Severity,
        ["message"] = EventField.Message,
        ["timestamp"] = EventField.Timestamp,
        ["status"] = EventField.Status,
        ["dedup_key"] = EventField.DedupKey,
        ["dedupKey"] = EventField.DedupKey,
        ["environment"] = EventField.Environment,
        ["url"] = EventField.Url,
        ["attributes"] = EventField.Attributes,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly EventField _field;
    private readonly bool _isStringField;
    private readonly bool _attributesOnly;
    private readonly string _name;
    private readonly string _dottedName;
    private readonly string[] _members;
    private readonly string? _format;
    private readonly TimeFormat? _timeFormat;

    private CompiledPlaceholder(TemplatePlaceholder placeholder, EventField field, bool attributesOnly, string dottedName, string[] segments, string? format)
    {
        Written = placeholder;
        _field = field;
        _attributesOnly = attributesOnly;
        _dottedName = dottedName;
        _name = segments[0];
        _members = segments[1..];
        (Kind, _format) = format switch
        {
            null => (FormatKind.None, null),
            _ when format.Equals("upper", StringComparison.OrdinalIgnoreCase) => (FormatKind.Upper, null),
            _ when format.Equals("lower", StringComparison.OrdinalIgnoreCase) => (FormatKind.Lower, null),
            _ when format.Equals("json", StringComparison.OrdinalIgnoreCase) => (FormatKind.Json, null),
            _ => (FormatKind.Custom, format),
        };
        _timeFormat = field != EventField.Timestamp ? null
            : Kind == FormatKind.None ? ValueText.UtcTime
            : Kind == FormatKind.Custom ? TimeFormat.TryCompile(format!)
            : null;
        PlainTime = _timeFormat is { IsPlainText: true } ? _timeFormat : null;
        var isStringField = field is EventField.Id or EventField.Type or EventField.Source or EventField.Message or EventField.DedupKey or EventField.Environment or EventField.Url;
        var isWord = field is EventField.Severity or EventField.Status && Kind is FormatKind.None or FormatKind.Upper or FormatKind.Lower;
        ReadsString = (isStringField && Kind is FormatKind.None or FormatKind.Custom) || isWord;
        _isStringField = isStringField;
    }

    internal enum FormatKind
    {
        None,
        Custom,
        Upper,
        Lower,
        Json,
    }

    public TemplatePlaceholder Written { get; }

    /// <summary>
    /// Gets whether <see cref="ReadString"/> gives this placeholder's whole text: a string-valued event field as it is
    /// (no change of case), or the severity or status word (<c>error</c>, <c>ERROR</c>).
    /// </summary>
    public bool ReadsString { get; }

    public FormatKind Kind { get; }

    /// <summary>
    /// Gets the compiled format of a timestamp whose text needs no escaping except in URLs, which the renderer writes
    /// straight into its output with the invariant culture, skipping the scratch buffer and the escaping scan.
    /// </summary>
    public TimeFormat? PlainTime { get; }

    /// <summary>Compiles the placeholder at <paramref name="open"/>; the name and format are already checked for syntax.</summary>
    public static CompiledPlaceholder Create(string path, string? format, TemplateSource source, int open)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var field = s_fields.GetValueOrDefault(dot < 0 ? path : path[..dot]);
        var attributesOnly = field == EventField.Attributes && dot >= 0;
        if (field is not EventField.None and not EventField.Attributes && dot >= 0)
        {
            throw source.Error($"'{path[..dot]}' is an event field and has no members (write '{{{AttributesPrefix}{path}}}' for an attribute of that name)", open + 1 + dot);
        }

        var isEventField = field != EventField.None && !attributesOnly;
        var dottedName = attributesOnly ? path[AttributesPrefix.Length..] : path;
        var segments = dottedName.Split('.');
        var index = source.IndexOf(open);
        var (line, column) = TextPosition.Of(source.Written, index);
        var placeholder = new TemplatePlaceholder(path, format, index, line, column, isEventField, isEventField ? null : segments[0]);
        return new CompiledPlaceholder(placeholder, isEventField ? field : EventField.None, attributesOnly, dottedName, segments, format);
    }

    /// <summary>
    /// The value as text, before escaping: a string value as it is (the common case, copied nowhere), anything else
    /// formatted into <paramref name="scratch"/>.
    /// </summary>
    public ReadOnlySpan<char> Text(ref ValueStringBuilder scratch, AlertEvent e, IReadOnlyDictionary<string, object?>? values, IFormatProvider provider)
    {
        var changesCase = Kind is FormatKind.Upper or FormatKind.Lower;
        if (ReadsString)
        {
            return ReadString(e);
        }

        scratch.Length = 0;
        switch (_field)
        {
            // Value-type fields are written without boxing, keeping rendering allocation-free.
            case EventField.Timestamp when _timeFormat is not null && ReferenceEquals(provider, CultureInfo.InvariantCulture):
                _timeFormat.Append(ref scratch, e.Timestamp);
                break;
            case EventField.Timestamp:
                ValueText.AppendTime(ref scratch, e.Timestamp, _format, provider);
                break;
            default:
                var value = Resolve(e, values);
                if (value is string text && !changesCase)
                {
                    return text;
                }

                ValueText.Append(ref scratch, value, _format, provider);
                break;
        }

        if (Kind == FormatKind.Upper)
        {
            Casing.ToUpper(scratch.WritableFrom(0));
        }
        else if (Kind == FormatKind.Lower)
        {
            Casing.ToLower(scratch.WritableFrom(0));
        }

        return scratch.Written;
    }

    /// <summary>The value as JSON text (the <c>json</c> format inside text), before escaping.</summary>
    public ReadOnlySpan<char> JsonText(ref ValueStringBuilder scratch, AlertEvent e, IReadOnlyDictionary<string, object?>? values)
    {
        scratch.Length = 0;
        AppendJson(ref scratch, e, values);
        return scratch.Written;
    }

    /// <summary>Writes the value as typed JSON.</summary>
    public void AppendJson(ref ValueStringBuilder output, AlertEvent e, IReadOnlyDictionary<string, object?>? values)
    {
        switch (_field)
        {
            case EventField.Timestamp:
                JsonValueWriter.AppendTime(ref output, e.Timestamp);
                break;
            case EventField.Severity:
                JsonValueWriter.AppendString(ref output, ValueText.SeverityWord(e.Severity));
                break;
            case EventField.Status:
                JsonValueWriter.AppendString(ref output, ValueText.StatusWord(e.Status));
                break;
            default:
                JsonValueWriter.Append(ref output, Resolve(e, values));
                break;
        }
    }

    /// <summary>The text of a placeholder that <see cref="ReadsString"/>: the common case of rendering, kept to a switch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public string? ReadString(AlertEvent e) => _field switch
    {
        EventField.Severity => Kind == FormatKind.Upper ? ValueText.SeverityWordUpper(e.Severity) : ValueText.SeverityWord(e.Severity),
        EventField.Status => Kind == FormatKind.Upper ? ValueText.StatusWordUpper(e.Status) : ValueText.StatusWord(e.Status),
        _ => Read(_field, e),
    };

    /// <summary>Reads a string-valued event field.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static string? Read(EventField field, AlertEvent e) => field switch
    {
        EventField.Id => e.Id,
        EventField.Type => e.Type,
        EventField.Source => e.Source,
        EventField.Message => e.Message,
        EventField.DedupKey => e.EffectiveDedupKey,
        EventField.Environment => e.Environment,
        _ => SafeLinks.IsAllowed(e.Url) ? e.Url.OriginalString : null, // only http(s) links leave; others render empty
    };

    private object? Resolve(AlertEvent e, IReadOnlyDictionary<string, object?>? values)
    {
        if (_isStringField)
        {
            return Read(_field, e);
        }

        switch (_field)
        {
            case EventField.Severity: return e.Severity;
            case EventField.Timestamp: return e.Timestamp;
            case EventField.Status: return e.Status;
            case EventField.Attributes: return e.Attributes;
        }

        var scope = _attributesOnly ? null : values;

        // A dotted name may be a name of its own ("prefect.resource.id") before it is a path.
        if (_members.Length > 0 && TryLookup(_dottedName, e, scope, out var value))
        {
            return value;
        }

        if (!TryLookup(_name, e, scope, out value))
        {
            return null;
        }

        foreach (var member in _members)
        {
            value = Member(value, member);
        }

        return value;
    }

    private static bool TryLookup(string name, AlertEvent e, IReadOnlyDictionary<string, object?>? values, out object? value) =>
        (values is not null && values.TryGetValue(name, out value)) || e.Attributes.TryGetValue(name, out value);

    private static object? Member(object? value, string name) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.GetValueOrDefault(name),
        IDictionary<string, object?> map => map.TryGetValue(name, out var member) ? member : null,
        IDictionary map => map.Contains(name) ? map[name] : null,
        JsonElement { ValueKind: JsonValueKind.Object } element => element.TryGetProperty(name, out var member) ? member : null,
        _ => null,
    };
}
