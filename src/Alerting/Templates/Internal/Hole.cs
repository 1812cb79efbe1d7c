using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace Alerting.Templates.Internal;

/// <summary>
/// A parsed placeholder with its lookup decided at parse time: an event field, or a name looked up in the context
/// values and then the attributes, followed by dotted navigation into nested dictionaries and JSON objects.
/// </summary>
internal sealed class Hole
{
    private static readonly Dictionary<string, EventField> s_fields = new(StringComparer.OrdinalIgnoreCase)
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
    };

    private readonly EventField _field;
    private readonly string _name;
    private readonly string[] _rest;
    private readonly string _path;
    private readonly bool _attributesOnly;

    public Hole(TemplatePlaceholder placeholder, string? format)
    {
        Placeholder = placeholder;
        Format = format;
        _path = placeholder.Path;
        var segments = placeholder.Path.Split('.');
        if (s_fields.TryGetValue(segments[0], out var field) && !(field == EventField.Attributes && segments.Length > 1))
        {
            _field = field;
            _name = segments[0];
            _rest = segments[1..];
        }
        else
        {
            _attributesOnly = field == EventField.Attributes;
            var skip = _attributesOnly ? 1 : 0;
            _name = segments[skip];
            _rest = segments[(skip + 1)..];
        }

        Kind = format switch
        {
            "upper" => FormatKind.Upper,
            "lower" => FormatKind.Lower,
            "json" => FormatKind.Json,
            null => FormatKind.None,
            _ => FormatKind.Custom,
        };
    }

    public TemplatePlaceholder Placeholder { get; }

    public string? Format { get; }

    public FormatKind Kind { get; }

    public static bool IsEventField(string path, out string? attributeName)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var first = dot < 0 ? path : path[..dot];
        if (s_fields.TryGetValue(first, out var field))
        {
            if (field != EventField.Attributes || dot < 0)
            {
                attributeName = null;
                return true;
            }

            var rest = path[(dot + 1)..];
            var next = rest.IndexOf('.', StringComparison.Ordinal);
            attributeName = next < 0 ? rest : rest[..next];
            return false;
        }

        attributeName = first;
        return false;
    }

    public object? Resolve(AlertEvent e, IReadOnlyDictionary<string, object?>? values)
    {
        object? value;
        switch (_field)
        {
            case EventField.Id: return e.Id;
            case EventField.Type: return e.Type;
            case EventField.Source: return e.Source;
            case EventField.Severity: return e.Severity;
            case EventField.Message: return e.Message;
            case EventField.Timestamp: return e.Timestamp;
            case EventField.Status: return e.Status;
            case EventField.DedupKey: return e.EffectiveDedupKey;
            case EventField.Environment: return e.Environment;
            case EventField.Url: return e.Url;
            case EventField.Attributes: return e.Attributes;
            default:
                // A dotted name may itself be an attribute ("prefect.resource.id") before it is a path.
                var scope = _attributesOnly ? null : values;
                if (_rest.Length > 0 && TryLookup(_path, e, scope, out value))
                {
                    return value;
                }

                if (!TryLookup(_name, e, scope, out value))
                {
                    return null;
                }

                foreach (var segment in _rest)
                {
                    value = Navigate(value, segment);
                    if (value is null)
                    {
                        return null;
                    }
                }

                return value;
        }
    }

    private static bool TryLookup(string name, AlertEvent e, IReadOnlyDictionary<string, object?>? values, out object? value)
    {
        if (values is not null && values.TryGetValue(name, out value))
        {
            return true;
        }

        return e.Attributes.TryGetValue(name, out value);
    }

    private static object? Navigate(object? value, string segment) => value switch
    {
        IReadOnlyDictionary<string, object?> map => map.TryGetValue(segment, out var next) ? next : null,
        IDictionary<string, object?> map => map.TryGetValue(segment, out var next) ? next : null,
        IDictionary map => map.Contains(segment) ? map[segment] : null,
        JsonElement { ValueKind: JsonValueKind.Object } element => element.TryGetProperty(segment, out var next) ? next : null,
        _ => null,
    };

    /// <summary>Writes the value as text (before escaping): formats apply; severities and statuses are lower-case words.</summary>
    public void AppendText(ref ValueStringBuilder output, AlertEvent e, IReadOnlyDictionary<string, object?>? values)
    {
        var start = output.Length;
        var format = Kind == FormatKind.Custom ? Format : null;
        switch (_field)
        {
            // Value-type fields are written without boxing, keeping rendering allocation-free.
            case EventField.Timestamp:
                ValueText.AppendTimestamp(ref output, e.Timestamp, format);
                break;
            case EventField.Severity:
                output.Append(ValueText.SeverityWord(e.Severity));
                break;
            case EventField.Status:
                output.Append(ValueText.StatusWord(e.Status));
                break;
            default:
                ValueText.Append(ref output, Resolve(e, values), format);
                break;
        }

        if (Kind is FormatKind.Upper or FormatKind.Lower)
        {
            var span = output.WritableFrom(start);
            if (Kind == FormatKind.Upper)
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = char.ToUpperInvariant(span[i]);
                }
            }
            else
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = char.ToLowerInvariant(span[i]);
                }
            }
        }
    }

    internal enum FormatKind
    {
        None,
        Custom,
        Upper,
        Lower,
        Json,
    }
}
