using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Alerting.Notifiers.Internal;
using Alerting.Templates;
using Alerting.Templates.Internal;

namespace Alerting.Notifiers.Slack.Internal;

/// <summary>
/// Builds the Block Kit message for a notification (header, message, fields, link button, context and the plain
/// fallback <c>text</c>), or takes the user's templated blocks, then makes any message fit every Block Kit limit by
/// visible truncation, so Slack never rejects it for its size.
/// </summary>
internal sealed class SlackMessage(SlackOptions options, IReadOnlyList<(string Name, MessageTemplate Value)> attributes)
{
    private const string Mrkdwn = "mrkdwn";

    /// <summary>The message for <paramref name="notification"/>, fitted to Block Kit's limits; <see langword="null"/> when a custom payload is neither blocks nor a message.</summary>
    public JsonObject? Build(Notification notification)
    {
        var message = notification.Payload is { } payload ? Custom(payload, notification) : Default(notification);
        if (message is not null)
        {
            Fit(message);
        }

        return message;
    }

    /// <summary>
    /// Cuts a message to Block Kit's limits: block count, header, section and field text, field count, context and
    /// action elements, then the text of all blocks together (<see cref="SlackOptions.MaxBlocksLength"/>).
    /// </summary>
    public void Fit(JsonObject message)
    {
        if (message["text"] is JsonValue text && text.TryGetValue<string>(out var fallback))
        {
            message["text"] = Cut(fallback, SlackLimits.FallbackText);
        }

        if (message["blocks"] is not JsonArray blocks)
        {
            return;
        }

        if (blocks.Count > SlackLimits.Blocks)
        {
            var hidden = blocks.Count - SlackLimits.Blocks + 1;
            while (blocks.Count > SlackLimits.Blocks - 1)
            {
                blocks.RemoveAt(blocks.Count - 1);
            }

            blocks.Add(Context($"{NotifierCapabilities.TruncationMarker} {hidden} more block(s) not shown"));
        }

        foreach (var block in blocks.OfType<JsonObject>())
        {
            FitBlock(block);
        }

        JsonShrinker.Shrink(blocks, options.MaxBlocksLength, name => name == "text");
    }

    private static void FitBlock(JsonObject block)
    {
        CutProperty(block, "block_id", SlackLimits.BlockId);
        switch ((string?)block["type"])
        {
            case "header":
                CutText(block["text"], SlackLimits.HeaderText);
                break;
            case "section":
                CutText(block["text"], SlackLimits.SectionText);
                FitList(block["fields"], SlackLimits.Fields, SlackLimits.FieldText);
                break;
            case "context":
                FitList(block["elements"], SlackLimits.ContextElements, SlackLimits.SectionText);
                break;
            case "actions":
                FitList(block["elements"], SlackLimits.ActionElements, null);
                break;
            case "image":
                CutProperty(block, "alt_text", SlackLimits.AltText);
                CutText(block["title"], SlackLimits.AltText);
                break;
        }
    }

    /// <summary>A text object's text cut to <paramref name="max"/>; an empty one (which Slack rejects) gets a dash.</summary>
    private static void CutText(JsonNode? textObject, int max)
    {
        if (textObject is JsonObject obj && obj["text"] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            obj["text"] = text.Length == 0 ? "-" : Cut(text, max);
        }
    }

    private static void CutProperty(JsonObject obj, string name, int max)
    {
        if (obj[name] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            obj[name] = Cut(text, max);
        }
    }

    /// <summary>A list of elements cut to <paramref name="maxItems"/>, and each element's text to <paramref name="maxText"/>.</summary>
    private static void FitList(JsonNode? list, int maxItems, int? maxText)
    {
        if (list is not JsonArray items)
        {
            return;
        }

        while (items.Count > maxItems)
        {
            items.RemoveAt(items.Count - 1);
        }

        if (maxText is { } max)
        {
            foreach (var item in items)
            {
                CutText(item, max);
            }
        }
    }

    private static string Cut(string text, int max) => TextTruncation.Truncate(text, max, out _);

    private JsonObject Default(Notification notification)
    {
        var e = notification.Event;
        var header = $"{Prefix(notification)}: {notification.Title}";
        var blocks = new JsonArray { Header(header) };
        if (notification.Kind is NotificationKind.Trigger or NotificationKind.Test or NotificationKind.Update)
        {
            blocks.Add(Section(notification.Message));
            blocks.Add(Fields(notification));
            if (e.Url is { } url && url.AbsoluteUri.Length <= SlackLimits.Url)
            {
                blocks.Add(new JsonObject
                {
                    ["type"] = "actions",
                    ["elements"] = new JsonArray
                    {
                        new JsonObject
                        {
                            ["type"] = "button",
                            ["text"] = PlainText(Cut(options.LinkText, SlackLimits.ButtonText)),
                            ["url"] = url.AbsoluteUri,
                        },
                    },
                });
            }
        }
        else
        {
            // Resolve and acknowledge: short, pointing back at the alert they close or answer.
            blocks.Add(Section(notification.Message));
        }

        blocks.Add(Context(ContextLine(notification)));
        return new JsonObject { ["text"] = Fallback(header), ["blocks"] = blocks };
    }

    /// <summary>A custom payload: a JSON array is the blocks; an object is the whole message. Either way the fallback text is kept.</summary>
    private JsonObject? Custom(string payload, Notification notification)
    {
        var node = JsonPayload.TryParse(payload);
        var fallback = Fallback($"{Prefix(notification)}: {notification.Title}");
        switch (node)
        {
            case JsonArray blocks:
                return new JsonObject { ["text"] = fallback, ["blocks"] = blocks };
            case JsonObject message:
                message["text"] ??= fallback;
                return message;
            default:
                return null;
        }
    }

    private string Prefix(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => ":white_check_mark: RESOLVED",
        NotificationKind.Acknowledge => ":eyes: ACKNOWLEDGED",
        NotificationKind.Test => ":test_tube: TEST",
        NotificationKind.Update => ":memo: UPDATE",
        _ => $"{options.SeverityEmoji.GetValueOrDefault(notification.Severity, ":bell:")} {notification.Severity.ToString().ToUpperInvariant()}",
    };

    private JsonObject Fields(Notification notification)
    {
        var e = notification.Event;
        var fields = new JsonArray
        {
            Field("Source", e.Source),
            Field("Type", e.Type),
            Field("Environment", e.Environment ?? "-"),
            Field("Time", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
        };
        foreach (var (name, value) in attributes)
        {
            var text = value.Render(e, TemplateEscaping.SlackMrkdwn, null, CultureInfo.InvariantCulture);
            if (text.Length > 0)
            {
                fields.Add(MrkdwnText($"*{Escape(name)}*\n{text}"));
            }
        }

        return new JsonObject { ["type"] = "section", ["fields"] = fields };
    }

    private static JsonObject Field(string name, string value) => MrkdwnText($"*{name}*\n{Escape(value)}");

    /// <summary>The rule, the incident and the event: where the alert came from, and what a resolve refers back to.</summary>
    private static string ContextLine(Notification notification)
    {
        var parts = new List<string>();
        if (notification.RuleName is { } rule)
        {
            parts.Add($"Rule *{Escape(rule)}*");
        }

        parts.Add(notification.IncidentId is { } incident
            ? $"Incident `{Escape(incident)}` (key `{Escape(notification.DedupKey)}`)"
            : $"Key `{Escape(notification.DedupKey)}`");
        parts.Add($"Event `{Escape(notification.Event.Id)}`");
        return string.Join(" · ", parts);
    }

    private static string Fallback(string text) => Escape(text.ReplaceLineEndings(" "));

    private static string Escape(string text) => Escaper.Escape(text, TemplateEscaping.SlackMrkdwn);

    private static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = PlainText(text.ReplaceLineEndings(" ")) };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = MrkdwnText(mrkdwn) };

    private static JsonObject Context(string mrkdwn) => new() { ["type"] = "context", ["elements"] = new JsonArray { MrkdwnText(mrkdwn) } };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject MrkdwnText(string text) => new() { ["type"] = Mrkdwn, ["text"] = text };

    /// <summary>Serialises a message as UTF-8 JSON.</summary>
    public static byte[] Serialize(JsonObject message) => Encoding.UTF8.GetBytes(message.ToJsonString());
}
