using System.Text.Json;

namespace Alerting.Tool;

/// <summary>
/// Reads the events of <c>alerting preview --events</c>: a JSON array of objects with <c>type</c> and <c>source</c>
/// (required) and <c>severity</c>, <c>message</c>, <c>status</c> (<c>firing</c> or <c>resolved</c>), <c>dedupKey</c>,
/// <c>url</c> and <c>attributes</c> (an object of strings, numbers and booleans). A mistake names the event's index and
/// the field.
/// </summary>
internal static class SampleFile
{
    public static IReadOnlyList<AlertEvent> Read(string path, string workingDirectory)
    {
        var full = Path.GetFullPath(path, workingDirectory);
        if (!File.Exists(full))
        {
            throw new ToolUsageException($"Events file '{path}' does not exist.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(full));
        }
        catch (JsonException ex)
        {
            throw new ToolUsageException($"Events file '{path}' is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ToolUsageException($"Events file '{path}' must hold a JSON array of events.");
            }

            return [.. document.RootElement.EnumerateArray().Select((e, i) => Event(e, $"{path}: event [{i}]"))];
        }
    }

    private static AlertEvent Event(JsonElement e, string where)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new ToolUsageException($"{where} must be an object.");
        }

        var severity = Text(e, "severity", where) is { } s
            ? Enum.TryParse<AlertSeverity>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : throw new ToolUsageException($"{where}: severity '{s}' is not info, warning, error or critical.")
            : AlertSeverity.Error;
        var status = Text(e, "status", where) switch
        {
            null or "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            var other => throw new ToolUsageException($"{where}: status '{other}' is not firing or resolved."),
        };
        var url = Text(e, "url", where) is { } link
            ? Uri.TryCreate(link, UriKind.Absolute, out var parsedUrl) ? parsedUrl : throw new ToolUsageException($"{where}: url '{link}' is not an absolute URL.")
            : null;
        return new AlertEvent(Required(e, "type", where), Required(e, "source", where), severity, Text(e, "message", where))
        {
            Status = status,
            DedupKey = Text(e, "dedupKey", where),
            Url = url,
            Attributes = Attributes(e, where),
        };
    }

    private static Dictionary<string, object?> Attributes(JsonElement e, string where)
    {
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (!e.TryGetProperty("attributes", out var bag))
        {
            return attributes;
        }

        if (bag.ValueKind != JsonValueKind.Object)
        {
            throw new ToolUsageException($"{where}: attributes must be an object.");
        }

        foreach (var attribute in bag.EnumerateObject())
        {
            attributes[attribute.Name] = attribute.Value.ValueKind switch
            {
                JsonValueKind.String => attribute.Value.GetString(),
                JsonValueKind.Number => attribute.Value.TryGetInt64(out var whole) ? whole : attribute.Value.GetDouble(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => throw new ToolUsageException($"{where}: attribute '{attribute.Name}' must be a string, number, boolean or null."),
            };
        }

        return attributes;
    }

    private static string Required(JsonElement e, string name, string where) =>
        Text(e, name, where) is { Length: > 0 } value ? value : throw new ToolUsageException($"{where}: {name} is required.");

    private static string? Text(JsonElement e, string name, string where) =>
        !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : throw new ToolUsageException($"{where}: {name} must be a string.");
}
