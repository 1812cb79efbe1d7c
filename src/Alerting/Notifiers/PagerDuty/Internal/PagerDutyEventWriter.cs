using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Alerting.Notifiers.Internal;
using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>
/// Writes Events API v2 bodies: alert events (trigger with every payload field; acknowledge and resolve with only
/// <c>routing_key</c>, <c>event_action</c> and <c>dedup_key</c>) and change events; and keeps them within PagerDuty's
/// limits (<see cref="Fit"/>). Letters of every script are written as UTF-8, not as <c>\u</c> escapes, so the body
/// limit counts what users see.
/// </summary>
internal static class PagerDutyEventWriter
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>The bytes the member adds around the details: <c>,"custom_details":</c>.</summary>
    private static readonly int s_detailsMemberBytes = Encoding.UTF8.GetByteCount(",\"custom_details\":");

    /// <summary>The parts of an alert or change event, rendered.</summary>
    internal sealed class Content
    {
        public required string RoutingKey { get; init; }

        public required string Action { get; init; }

        public required string DedupKey { get; init; }

        public required string Summary { get; set; }

        public required string Source { get; set; }

        public required string Severity { get; init; }

        public required DateTimeOffset Timestamp { get; init; }

        public string? Component { get; set; }

        public string? Group { get; set; }

        public string? Class { get; set; }

        /// <summary>JSON text, or null for none.</summary>
        public string? CustomDetails { get; set; }

        public IReadOnlyList<(string Href, string? Text)> Links { get; set; } = [];

        public IReadOnlyList<(string Src, string? Href, string? Alt)> Images { get; set; } = [];

        public string? Client { get; set; }

        public string? ClientUrl { get; set; }
    }

    public static byte[] Alert(Content content)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
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
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
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
    /// The body, within PagerDuty's limits: every field written is cut to its limit first (visibly, ending in the
    /// marker; links and images whose address is too long are left out); then, when the body is still over
    /// <see cref="PagerDutyConstants.MaxBodyBytes"/> (UTF-8 bytes as sent), links and images are left out only if the body
    /// is too large without custom details, and custom details are shrunk into the room left (<see cref="JsonShrinker.Fit"/>:
    /// long strings cut, then the largest members left out and named), or left out whole when even that does not fit.
    /// Each cut is logged.
    /// </summary>
    public static byte[] Fit(Content content, bool isChange, ILogger logger, string channelName)
    {
        var write = isChange ? (Func<Content, byte[]>)Change : Alert;
        if (!isChange && content.Action != "trigger")
        {
            // Acknowledge and resolve carry only the routing key, action and dedup key.
            return write(content);
        }

        Limit(content, isChange, logger, channelName);
        var body = write(content);
        if (body.Length <= PagerDutyConstants.MaxBodyBytes)
        {
            return body;
        }

        var size = body.Length;
        var what = new List<string>();
        var details = content.CustomDetails;
        content.CustomDetails = null;
        var bare = write(content);
        var images = isChange ? 0 : content.Images.Count;
        if (bare.Length > PagerDutyConstants.MaxBodyBytes && content.Links.Count + images > 0)
        {
            // Without custom details the body is still too large: only then do links and images go.
            var links = content.Links.Count;
            what.Add((links > 0 && images > 0 ? $"{Count(links, "link")} and {Count(images, "image")}" : links > 0 ? Count(links, "link") : Count(images, "image")) + " left out");
            content.Links = [];
            content.Images = [];
            bare = write(content);
        }

        body = bare;
        if (details is not null)
        {
            var budget = PagerDutyConstants.MaxBodyBytes - bare.Length - s_detailsMemberBytes;
            content.CustomDetails = FitDetails(details, budget, what);
            if (content.CustomDetails is not null)
            {
                body = write(content);
            }
        }

        if (what.Count == 0)
        {
            what.Add("nothing was left to cut");
        }

        PagerDutyLog.BodyTrimmed(logger, channelName, size, PagerDutyConstants.MaxBodyBytes, string.Join("; ", what), body.Length);
        return body;
    }

    /// <summary>Cuts every field that is written to its limit; leaves out links and images whose address is too long.</summary>
    private static void Limit(Content content, bool isChange, ILogger logger, string channelName)
    {
        content.Summary = Cut(content.Summary, "payload.summary", PagerDutyConstants.MaxSummaryLength, logger, channelName);
        content.Source = Cut(content.Source, "payload.source", PagerDutyConstants.MaxFieldLength, logger, channelName);
        var links = new List<(string Href, string? Text)>(content.Links.Count);
        for (var i = 0; i < content.Links.Count; i++)
        {
            var (href, text) = content.Links[i];
            if (TooLong(href, $"links[{i}]", $"links[{i}].href", logger, channelName))
            {
                continue;
            }

            links.Add((href, CutIfSet(text, $"links[{i}].text", logger, channelName)));
        }

        content.Links = links;
        if (isChange)
        {
            return;
        }

        content.Component = CutIfSet(content.Component, "payload.component", logger, channelName);
        content.Group = CutIfSet(content.Group, "payload.group", logger, channelName);
        content.Class = CutIfSet(content.Class, "payload.class", logger, channelName);
        content.Client = CutIfSet(content.Client, "client", logger, channelName);
        if (content.ClientUrl is { } clientUrl && TooLong(clientUrl, "client_url", "client_url", logger, channelName))
        {
            content.ClientUrl = null;
        }

        var images = new List<(string Src, string? Href, string? Alt)>(content.Images.Count);
        for (var i = 0; i < content.Images.Count; i++)
        {
            var (src, href, alt) = content.Images[i];
            if (TooLong(src, $"images[{i}]", $"images[{i}].src", logger, channelName))
            {
                continue;
            }

            if (href is not null && TooLong(href, $"images[{i}].href", $"images[{i}].href", logger, channelName))
            {
                href = null;
            }

            images.Add((src, href, CutIfSet(alt, $"images[{i}].alt", logger, channelName)));
        }

        content.Images = images;
    }

    private static string Cut(string text, string field, int limit, ILogger logger, string channelName)
    {
        var cut = TextTruncation.Truncate(text, limit, out var truncated);
        if (truncated)
        {
            PagerDutyLog.FieldCut(logger, channelName, field, text.Length, limit);
        }

        return cut;
    }

    private static string? CutIfSet(string? text, string field, ILogger logger, string channelName) =>
        text is null ? null : Cut(text, field, PagerDutyConstants.MaxFieldLength, logger, channelName);

    private static bool TooLong(string url, string item, string field, ILogger logger, string channelName)
    {
        if (url.Length <= PagerDutyConstants.MaxUrlLength)
        {
            return false;
        }

        PagerDutyLog.ItemLeftOut(logger, channelName, item, field, url.Length, PagerDutyConstants.MaxUrlLength);
        return true;
    }

    /// <summary>The custom details shrunk into <paramref name="budget"/> bytes, or null when they are left out; says which in <paramref name="what"/>.</summary>
    private static string? FitDetails(string details, int budget, List<string> what)
    {
        var bytes = Encoding.UTF8.GetByteCount(details);
        if (bytes <= budget)
        {
            // They fit as rendered (the fields around them were what needed room).
            return details;
        }

        var node = budget > 0 ? JsonPayload.TryParse(details) : null;
        JsonFitting fitting = default;
        var fitted = node is null ? null : JsonShrinker.Fit(node, budget, out fitting);
        if (fitted is null)
        {
            what.Add(FormattableString.Invariant($"custom_details ({bytes} bytes) left out: it did not fit in the {Math.Max(budget, 0)} bytes left"));
            return null;
        }

        var json = Encoding.UTF8.GetString(JsonPayload.ToUtf8Bytes(fitted));
        var dropped = fitting.MembersDropped.Count;
        what.Add(FormattableString.Invariant(
            $"custom_details trimmed from {bytes} to {Encoding.UTF8.GetByteCount(json)} bytes ({Count(fitting.ValuesCut, "string")} cut{(dropped > 0 ? $", {Count(dropped, "member")} left out and named in \"{fitting.NoteName}\"" : string.Empty)})"));
        return json;
    }

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

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
