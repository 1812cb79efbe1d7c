using System.Text.Json;
using System.Text.Json.Nodes;

namespace Alerting.Notifiers.Internal;

/// <summary>Reads a notification's payload as JSON. Payload templates always render valid JSON; a notifier called directly may be given anything.</summary>
internal static class JsonPayload
{
    /// <summary>The payload as a JSON node, or <see langword="null"/> when it is not JSON.</summary>
    public static JsonNode? TryParse(string payload)
    {
        try
        {
            return JsonNode.Parse(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
