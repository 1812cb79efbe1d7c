using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace Alerting.Notifiers.Internal;

/// <summary>
/// Reads a notification's payload as JSON, and writes the JSON messages of the chat channels. Payload templates always
/// render valid JSON; a notifier called directly may be given anything.
/// </summary>
internal static class JsonPayload
{
    /// <summary>
    /// Writes letters of every script as UTF-8 rather than <c>\u</c> escapes, so size budgets count what users see;
    /// HTML-sensitive characters (<c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, quotes) and control characters stay escaped.
    /// </summary>
    private static readonly JsonWriterOptions s_writeOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

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

    /// <summary>The string a node holds, or <see langword="null"/> when it is missing or not a string.</summary>
    public static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>
    /// The node as compact UTF-8 JSON, as it is sent. Written by the node itself (its values are strings, numbers and
    /// booleans), so no serializer metadata is needed: safe for trimming and native AOT.
    /// </summary>
    public static byte[] ToUtf8Bytes(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, s_writeOptions))
        {
            node.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
