using System.Globalization;
using System.Text.Json;
using Alerting.Templates;

namespace Alerting;

/// <summary>
/// An event as JSON and back: the whole-event JSON of <see cref="JsonTemplate.EventPayload"/> (the webhook channel's
/// default body), which the durable outbox writes and a shared store keeps. Attributes come back as strings, numbers,
/// booleans and nulls, and objects and arrays as <see cref="JsonElement"/> values, which templates read.
/// </summary>
public static class AlertEventJson
{
    /// <summary>The event as JSON.</summary>
    /// <param name="alertEvent">The event.</param>
    /// <returns>Its whole-event JSON.</returns>
    public static string Write(AlertEvent alertEvent)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        return JsonTemplate.EventPayload.Render(alertEvent, TemplateEscaping.None, null, CultureInfo.InvariantCulture);
    }

    /// <summary>Reads an event written by <see cref="Write"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="alertEvent">The event, or <see langword="null"/> when it cannot be read.</param>
    /// <param name="problem">What is wrong with the text, or <see langword="null"/> when it was read.</param>
    /// <returns>Whether the event was read.</returns>
    public static bool TryRead(string json, out AlertEvent? alertEvent, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            problem = Read(document.RootElement, out alertEvent);
            return problem is null;
        }
        catch (JsonException)
        {
            alertEvent = null;
            problem = "is not JSON";
            return false;
        }
    }

    /// <summary>
    /// An event read from its whole-event JSON, or what is wrong with it: not an object, a required field (<c>id</c>, <c>type</c>, <c>source</c>) missing or not a string,
    /// no <c>timestamp</c> in ISO 8601, a <c>url</c> that is not an absolute URL. A missing or unknown severity reads as
    /// error.
    /// </summary>
    internal static string? Read(JsonElement e, out AlertEvent? alertEvent)
    {
        alertEvent = null;
        if (e.ValueKind != JsonValueKind.Object)
        {
            return $"is a JSON {Kind(e)}, not an event object";
        }

        var id = Text(e, "id");
        var type = Text(e, "type");
        var source = Text(e, "source");
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(type) || string.IsNullOrEmpty(source))
        {
            return $"event has no \"{(string.IsNullOrEmpty(id) ? "id" : string.IsNullOrEmpty(type) ? "type" : "source")}\" string";
        }

        if (!e.TryGetProperty("timestamp", out var time) || time.ValueKind != JsonValueKind.String || !time.TryGetDateTimeOffset(out var timestamp))
        {
            return "event has no \"timestamp\" that is an ISO 8601 time";
        }

        Uri? url = null;
        if (Text(e, "url") is { } link && !Uri.TryCreate(link, UriKind.Absolute, out url))
        {
            return "event has a \"url\" that is not an absolute URL";
        }

        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (e.TryGetProperty("attributes", out var values) && values.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in values.EnumerateObject())
            {
                attributes[property.Name] = Value(property.Value);
            }
        }

        alertEvent = new AlertEvent(type, source, Severity(Text(e, "severity")), Text(e, "message"))
        {
            Id = id,
            Timestamp = timestamp,
            Status = Text(e, "status") == "resolved" ? AlertStatus.Resolved : AlertStatus.Firing,
            DedupKey = Text(e, "dedupKey"),
            Environment = Text(e, "environment"),
            Url = url,
            Attributes = attributes,
        };
        return null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static AlertSeverity Severity(string? word) => word switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => AlertSeverity.Error,
    };

    /// <summary>Strings (date-times among them, in ISO 8601), numbers, booleans and nulls come back as .NET values; objects and arrays as JSON elements, which templates read.</summary>
    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? integer : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null => null,
        _ => value.Clone(),
    };

    /// <summary>A JSON value's kind in words, for a problem's description.</summary>
    internal static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
