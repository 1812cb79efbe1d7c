using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Alerting.Templates;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>
/// Writes Events API v2 bodies: alert events (trigger with every payload field; acknowledge and resolve with only
/// <c>routing_key</c>, <c>event_action</c> and <c>dedup_key</c>) and change events.
/// </summary>
internal static class PagerDutyEventWriter
{
    /// <summary>The parts of an alert or change event, rendered.</summary>
    internal sealed class Content
    {
        public required string RoutingKey { get; init; }

        public required string Action { get; init; }

        public required string DedupKey { get; init; }

        public required string Summary { get; init; }

        public required string Source { get; init; }

        public required string Severity { get; init; }

        public required DateTimeOffset Timestamp { get; init; }

        public string? Component { get; init; }

        public string? Group { get; init; }

        public string? Class { get; init; }

        /// <summary>JSON text, or null for none.</summary>
        public string? CustomDetails { get; set; }

        public IReadOnlyList<(string Href, string? Text)> Links { get; set; } = [];

        public IReadOnlyList<(string Src, string? Href, string? Alt)> Images { get; set; } = [];

        public string? Client { get; init; }

        public string? ClientUrl { get; init; }
    }

    public static byte[] Alert(Content content)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("routing_key", content.RoutingKey);
            json.WriteString("event_action", content.Action);
            json.WriteString("dedup_key", content.DedupKey);
            if (content.Action == "trigger")
            {
                json.WriteStartObject("payload");
                json.WriteString("summary", content.Summary);
                json.WriteString("source", content.Source);
                json.WriteString("severity", content.Severity);
                json.WriteString("timestamp", Timestamp(content.Timestamp));
                WriteIfSet(json, "component", content.Component);
                WriteIfSet(json, "group", content.Group);
                WriteIfSet(json, "class", content.Class);
                WriteCustomDetails(json, content.CustomDetails);
                json.WriteEndObject();
                WriteLinks(json, content.Links);
                if (content.Images.Count > 0)
                {
                    json.WriteStartArray("images");
                    foreach (var (src, href, alt) in content.Images)
                    {
                        json.WriteStartObject();
                        json.WriteString("src", src);
                        WriteIfSet(json, "href", href);
                        WriteIfSet(json, "alt", alt);
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                WriteIfSet(json, "client", content.Client);
                WriteIfSet(json, "client_url", content.ClientUrl);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A change event: summary, source, timestamp, custom details and links; no action, dedup key or severity.</summary>
    public static byte[] Change(Content content)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("routing_key", content.RoutingKey);
            json.WriteStartObject("payload");
            json.WriteString("summary", content.Summary);
            json.WriteString("source", content.Source);
            json.WriteString("timestamp", Timestamp(content.Timestamp));
            WriteCustomDetails(json, content.CustomDetails);
            json.WriteEndObject();
            WriteLinks(json, content.Links);
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The body, kept under <see cref="PagerDutyConstants.MaxBodyBytes"/>: custom details are cut first (to a visible
    /// excerpt of their JSON), then links and images are dropped. Returns what was trimmed, or null.
    /// </summary>
    public static byte[] Fit(Content content, Func<Content, byte[]> write, out string? trimmed)
    {
        trimmed = null;
        var body = write(content);
        if (body.Length <= PagerDutyConstants.MaxBodyBytes)
        {
            return body;
        }

        if (content.CustomDetails is { } details)
        {
            trimmed = "custom_details";
            content.CustomDetails = null;
            var available = PagerDutyConstants.MaxBodyBytes - write(content).Length - 64;
            var room = available;
            // JSON escaping makes the byte size of a character vary: each round scales the excerpt by what it overshot.
            for (var round = 0; round < 4 && room > 0; round++)
            {
                content.CustomDetails = Excerpt(details, room);
                var excerptBytes = System.Text.Encoding.UTF8.GetByteCount(content.CustomDetails);
                if (excerptBytes <= available)
                {
                    return write(content);
                }

                room = (int)(room * (available / (double)excerptBytes) * 0.98);
            }

            content.CustomDetails = null;
            body = write(content);
            if (body.Length <= PagerDutyConstants.MaxBodyBytes)
            {
                return body;
            }
        }

        trimmed = trimmed is null ? "links and images" : "custom_details, links and images";
        content.Links = [];
        content.Images = [];
        return write(content);
    }

    private static string Excerpt(string details, int maxLength)
    {
        var cut = Notifiers.Internal.TextTruncation.Truncate(details, maxLength, out _);
        return JsonSerializer.Serialize(new Dictionary<string, string> { ["truncated"] = cut }, PagerDutyJsonContext.Default.DictionaryStringString);
    }

    private static string Timestamp(DateTimeOffset timestamp) =>
        timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture);

    private static void WriteIfSet(Utf8JsonWriter json, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteCustomDetails(Utf8JsonWriter json, string? details)
    {
        if (details is not null)
        {
            json.WritePropertyName("custom_details");
            json.WriteRawValue(details);
        }
    }

    private static void WriteLinks(Utf8JsonWriter json, IReadOnlyList<(string Href, string? Text)> links)
    {
        if (links.Count == 0)
        {
            return;
        }

        json.WriteStartArray("links");
        foreach (var (href, text) in links)
        {
            json.WriteStartObject();
            json.WriteString("href", href);
            WriteIfSet(json, "text", text);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
