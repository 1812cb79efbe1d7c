using System.Globalization;
using System.Text.Json.Nodes;
using Alerting.Notifiers.Internal;
using Alerting.Templates;
using static Alerting.Notifiers.Slack.Internal.SlackConstants;

namespace Alerting.Notifiers.Slack.Internal;

/// <summary>
/// Builds the Block Kit message for a notification (header, message, fields, link button, context and the plain
/// fallback <c>text</c>), or takes the user's templated blocks, then makes any message fit every Block Kit limit by
/// visible truncation, so Slack never rejects it for its size.
/// </summary>
/// <remarks>
/// Nodes go into arrays as <see cref="JsonNode"/> (the constructor, or <c>Add((JsonNode)…)</c>): the generic
/// <c>JsonArray.Add&lt;T&gt;</c> would pick a serializer by reflection, which trimming and native AOT cannot keep.
/// </remarks>
internal sealed class SlackMessage(SlackOptions options, IReadOnlyList<(string Name, MessageTemplate Value)> attributes)
{
    private const string Separator = " · ";

    private static readonly Func<string, bool> s_isText = name => name == "text";

    /// <summary>
    /// The message for <paramref name="notification"/>, fitted to Block Kit's limits, with what was cut added to
    /// <paramref name="cuts"/>; <see langword="null"/> when a custom payload is neither blocks nor a message.
    /// </summary>
    public JsonObject? Build(Notification notification, List<string> cuts)
    {
        var header = MessageTemplate.Escape($"{Prefix(notification)}: {notification.Title}".ReplaceLineEndings(" "), TemplateEscaping.None);
        var message = notification.Payload is { } payload ? Custom(payload, Fallback(header)) : Default(notification, header);
        if (message is not null)
        {
            Fit(message, cuts);
        }

        return message;
    }

    /// <summary>
    /// Cuts a message to Block Kit's limits: block count, <c>block_id</c>, header, section and field text, field count,
    /// context and action elements, image texts, then the text of all blocks together
    /// (<see cref="SlackOptions.MaxBlocksLength"/>). Items left out are replaced by a line saying how many.
    /// </summary>
    private void Fit(JsonObject message, List<string> cuts)
    {
        CutString(message, "text", MaxFallbackTextLength, "fallback text", cuts);
        if (message["blocks"] is not JsonArray blocks)
        {
            return;
        }

        if (blocks.Count == 0)
        {
            message.Remove("blocks"); // an empty list is not a message; the fallback text is
            return;
        }

        if (blocks.Count > MaxBlocks)
        {
            cuts.Add($"{blocks.Count} blocks to {MaxBlocks}");
            var hidden = blocks.Count - (MaxBlocks - 1);
            while (blocks.Count > MaxBlocks - 1)
            {
                blocks.RemoveAt(blocks.Count - 1);
            }

            blocks.Add((JsonNode)Context(NotShown(hidden, "block")));
        }

        foreach (var block in blocks.OfType<JsonObject>())
        {
            FitBlock(block, cuts);
        }

        var length = JsonShrinker.TextLength(blocks, s_isText);
        if (length > options.MaxBlocksLength)
        {
            JsonShrinker.Shrink(blocks, options.MaxBlocksLength, s_isText, node => JsonShrinker.TextLength(node, s_isText));
            cuts.Add($"block text from {length} to {options.MaxBlocksLength} characters");
        }
    }

    private static void FitBlock(JsonObject block, List<string> cuts)
    {
        CutString(block, "block_id", MaxBlockIdLength, "block_id", cuts);
        switch (JsonPayload.StringOf(block["type"]))
        {
            case "header":
                CutText(block["text"], MaxHeaderTextLength, "header text", cuts);
                break;
            case "section":
                CutText(block["text"], MaxSectionTextLength, "section text", cuts);
                FitList(block["fields"], MaxFields, MaxFieldTextLength, "field", cuts, visible: true);
                break;
            case "context":
                FitList(block["elements"], MaxContextElements, MaxSectionTextLength, "context element", cuts, visible: true);
                break;
            case "actions":
                FitList(block["elements"], MaxActionElements, null, "action element", cuts, visible: false);
                foreach (var element in (block["elements"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    CutText(element["text"], MaxButtonTextLength, "button text", cuts);
                }

                break;
            case "image":
                CutString(block, "alt_text", MaxImageTextLength, "image alt_text", cuts);
                CutText(block["title"], MaxImageTextLength, "image title", cuts);
                break;
        }
    }

    /// <summary>A text object's text cut to <paramref name="max"/>; an empty one (which Slack rejects) becomes a dash.</summary>
    private static void CutText(JsonNode? textObject, int max, string what, List<string> cuts)
    {
        if (textObject is JsonObject obj && JsonPayload.StringOf(obj["text"]) is { Length: 0 })
        {
            obj["text"] = "-";
            cuts.Add($"empty {what} replaced by '-'");
        }
        else if (textObject is JsonObject cut)
        {
            CutString(cut, "text", max, what, cuts);
        }
    }

    private static void CutString(JsonObject obj, string name, int max, string what, List<string> cuts)
    {
        if (JsonPayload.StringOf(obj[name]) is { } text && text.Length > max)
        {
            obj[name] = TextTruncation.Truncate(text, max, out _);
            cuts.Add($"{what} to {max} characters");
        }
    }

    /// <summary>
    /// A list cut to <paramref name="maxItems"/> (the last kept item saying how many were left out when
    /// <paramref name="visible"/>), and each item's text to <paramref name="maxText"/>.
    /// </summary>
    private static void FitList(JsonNode? list, int maxItems, int? maxText, string what, List<string> cuts, bool visible)
    {
        if (list is not JsonArray items)
        {
            return;
        }

        if (items.Count > maxItems)
        {
            cuts.Add($"{items.Count} {what}s to {maxItems}");
            var keep = visible ? maxItems - 1 : maxItems;
            var hidden = items.Count - keep;
            while (items.Count > keep)
            {
                items.RemoveAt(items.Count - 1);
            }

            if (visible)
            {
                items.Add((JsonNode)MrkdwnText(NotShown(hidden, what)));
            }
        }

        if (maxText is { } max)
        {
            foreach (var item in items)
            {
                CutText(item, max, what + " text", cuts);
            }
        }
    }

    private static string NotShown(int count, string what) => $"_{NotifierCapabilities.TruncationMarker} {count} more {what}(s) not shown_";

    /// <summary>
    /// The default message. Triggers and tests get everything; resolves, acknowledgements and updates are short
    /// (header, message, link, and a context line naming the incident or key they refer to). A grouped notification
    /// lists its alerts (<see cref="AlertBlocks"/>) in place of one event's fields, and in its fallback text.
    /// </summary>
    private JsonObject Default(Notification notification, string header)
    {
        var blocks = new JsonArray(Header(header));
        if (!string.IsNullOrWhiteSpace(notification.Message))
        {
            blocks.Add((JsonNode)Section(notification.Message));
        }

        var grouped = notification.Alerts.Count > 0;
        if (!grouped && notification.Kind is NotificationKind.Trigger or NotificationKind.Test)
        {
            blocks.Add((JsonNode)Fields(notification));
        }

        var button = Button(notification.Event.Url) is { } link
            ? new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(link) }
            : null;
        if (grouped)
        {
            // The alerts get the blocks the others leave: the button's, if any, and the context line's.
            foreach (var block in AlertBlocks(notification.Alerts, MaxBlocks - blocks.Count - (button is null ? 1 : 2)))
            {
                blocks.Add((JsonNode)block);
            }
        }

        if (button is not null)
        {
            blocks.Add((JsonNode)button);
        }

        blocks.Add((JsonNode)Context(ContextLine(notification)));
        var fallback = Fallback(header);
        if (grouped)
        {
            fallback += GroupedAlerts.Lines(notification.Alerts, a => $"{GroupedAlerts.Label(a)} {a.Text}", MaxFallbackLineLength, MaxFallbackTextLength - fallback.Length, GroupedAlerts.More);
        }

        return new JsonObject { ["text"] = fallback, ["blocks"] = blocks };
    }

    /// <summary>
    /// A section per alert, in at most <paramref name="maxBlocks"/> blocks: its state (an emoji and a bold label) and its
    /// line, already escaped for mrkdwn, with a button to its link when that is a web address; when they do not all
    /// fit, the last block says how many more there are.
    /// </summary>
    private IEnumerable<JsonObject> AlertBlocks(IReadOnlyList<NotificationAlert> alerts, int maxBlocks)
    {
        var shown = GroupedAlerts.Fit([.. alerts.Select(_ => 1)], maxBlocks, maxBlocks, 1);
        foreach (var alert in alerts.Take(shown))
        {
            var emoji = alert.Status == AlertStatus.Resolved ? ResolvedEmoji : options.SeverityEmoji?.GetValueOrDefault(alert.Event.Severity) ?? FallbackEmoji;
            var section = Section($"{Escape(emoji)} *{GroupedAlerts.Label(alert)}* {alert.Text}");
            if (Button(alert.Event.Url) is { } button)
            {
                section["accessory"] = button;
            }

            yield return section;
        }

        if (shown < alerts.Count)
        {
            yield return Context($"_{GroupedAlerts.More(alerts.Count - shown)}_");
        }
    }

    /// <summary>A button to <paramref name="link"/> when it is a web address Slack accepts; otherwise null.</summary>
    private JsonObject? Button(Uri? link) =>
        SafeLinks.AbsoluteOrNull(link) is { Length: <= MaxUrlLength } url
            ? new JsonObject { ["type"] = "button", ["text"] = PlainText(options.LinkText), ["url"] = url }
            : null;

    /// <summary>A custom payload: a JSON array is the blocks; an object is the whole message. Either way the fallback text is kept.</summary>
    private static JsonObject? Custom(string payload, string fallback)
    {
        switch (JsonPayload.TryParse(payload))
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
        NotificationKind.Resolve => ResolvedPrefix,
        NotificationKind.Acknowledge => AcknowledgedPrefix,
        NotificationKind.Test => TestPrefix,
        NotificationKind.Update => UpdatePrefix,
        _ => $"{options.SeverityEmoji?.GetValueOrDefault(notification.Severity) ?? FallbackEmoji} {notification.Severity.ToString().ToUpperInvariant()}",
    };

    private JsonObject Fields(Notification notification)
    {
        var e = notification.Event;
        var fields = new JsonArray(
            Field("Source", e.Source),
            Field("Type", e.Type),
            Field("Environment", e.Environment ?? "-"),
            Field("Time", AttributeFields.Time(e.Timestamp)));
        foreach (var (name, value) in attributes)
        {
            if (value.Render(e, TemplateEscaping.SlackMrkdwn, null, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                fields.Add((JsonNode)MrkdwnText($"*{Escape(name)}*\n{text}"));
            }
        }

        return new JsonObject { ["type"] = "section", ["fields"] = fields };
    }

    /// <summary>What the notification refers to (the incident and its key), the rule, and for alerts the event.</summary>
    private static string ContextLine(Notification notification)
    {
        var key = $"key `{Escape(notification.DedupKey)}`";
        var reference = notification.IncidentId is { } incident ? $"incident `{Escape(incident)}` ({key})" : key;
        var parts = new List<string>
        {
            notification.Kind switch
            {
                NotificationKind.Resolve => $"Resolves {reference}, resolved {AttributeFields.Time(notification.Event.Timestamp)}",
                NotificationKind.Acknowledge => $"Acknowledges {reference}",
                NotificationKind.Update => $"Updates {reference}",
                _ => string.Concat(reference[..1].ToUpperInvariant(), reference[1..]),
            },
        };
        if (notification.RuleName is { } rule)
        {
            parts.Add($"rule *{Escape(rule)}*");
        }

        if (notification.Kind is NotificationKind.Trigger or NotificationKind.Test)
        {
            parts.Add($"event `{Escape(notification.Event.Id)}`");
        }

        return string.Join(Separator, parts);
    }

    private static string Fallback(string header) => Escape(header);

    private static string Escape(string text) => MessageTemplate.Escape(text, TemplateEscaping.SlackMrkdwn);

    private static JsonObject Field(string name, string value) => MrkdwnText($"*{name}*\n{Escape(value)}");

    private static JsonObject Header(string text) => new() { ["type"] = "header", ["text"] = PlainText(text) };

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = MrkdwnText(mrkdwn) };

    private static JsonObject Context(string mrkdwn) => new() { ["type"] = "context", ["elements"] = new JsonArray(MrkdwnText(mrkdwn)) };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject MrkdwnText(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}
