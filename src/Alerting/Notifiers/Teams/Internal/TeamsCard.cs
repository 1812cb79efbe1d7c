using System.Globalization;
using System.Text.Json.Nodes;
using Alerting.Notifiers.Internal;
using Alerting.Templates;
using static Alerting.Notifiers.Teams.Internal.TeamsConstants;

namespace Alerting.Notifiers.Teams.Internal;

/// <summary>
/// Builds what a Teams channel posts: the Workflows message envelope around one Adaptive Card 1.4 (title in the
/// severity's colour, message, a FactSet of event fields, an <c>Action.OpenUrl</c> for the event's URL), the user's
/// templated card, or a legacy <c>MessageCard</c>; then cuts the longest texts visibly until the body fits.
/// </summary>
/// <remarks>
/// Nodes go into arrays as <see cref="JsonNode"/> (the constructor, or <c>Add((JsonNode)…)</c>): the generic
/// <c>JsonArray.Add&lt;T&gt;</c> would pick a serializer by reflection, which trimming and native AOT cannot keep.
/// </remarks>
internal sealed class TeamsCard(TeamsOptions options, IReadOnlyList<(string Name, MessageTemplate Value)> attributes)
{
    /// <summary>The bytes the message envelope adds around a card.</summary>
    private static readonly int s_envelopeBytes = JsonShrinker.Size(Envelope(new JsonObject()));

    private static readonly HashSet<string> s_texts = new(StringComparer.Ordinal) { "text", "value", "title", "summary", "activityTitle", "activitySubtitle" };

    /// <summary>
    /// The body for <paramref name="notification"/>, within <see cref="TeamsOptions.MaxBodyBytes"/> (its size before
    /// any cut in <paramref name="sizeBeforeCut"/>); <see langword="null"/> when a custom payload is not a card of the
    /// channel's format.
    /// </summary>
    public JsonObject? Build(Notification notification, out int? sizeBeforeCut)
    {
        sizeBeforeCut = null;
        var body = notification.Payload is { } payload ? Custom(payload) :
            options.Format == TeamsFormat.MessageCard ? MessageCard(notification) : Envelope(AdaptiveCard(notification));
        if (body is not null && JsonShrinker.Size(body) is var size && size > options.MaxBodyBytes)
        {
            sizeBeforeCut = size;
            JsonShrinker.Shrink(body, options.MaxBodyBytes, s_texts.Contains);
        }

        return body;
    }

    /// <summary>A custom payload: an Adaptive Card (wrapped in the envelope), a whole envelope, or in MessageCard mode a MessageCard.</summary>
    private JsonObject? Custom(string payload)
    {
        if (JsonPayload.TryParse(payload) is not JsonObject card)
        {
            return null;
        }

        var type = JsonPayload.StringOf(card["type"]) ?? JsonPayload.StringOf(card["@type"]);
        return (options.Format, type) switch
        {
            (TeamsFormat.AdaptiveCard, "AdaptiveCard") => Envelope(card),
            (TeamsFormat.AdaptiveCard, "message") when card["attachments"] is JsonArray { Count: > 0 } => card,
            (TeamsFormat.MessageCard, "MessageCard") => card,
            _ => null,
        };
    }

    private static JsonObject Envelope(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = AdaptiveCardContentType, ["contentUrl"] = null, ["content"] = card }),
    };

    private JsonObject AdaptiveCard(Notification notification)
    {
        var body = new JsonArray(new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = Title(notification),
            ["weight"] = "Bolder",
            ["size"] = "Medium",
            ["color"] = Colour(notification),
            ["wrap"] = true,
        });
        if (!string.IsNullOrWhiteSpace(notification.Message))
        {
            body.Add((JsonNode)new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Message, ["wrap"] = true });
        }

        body.Add((JsonNode)FactSet(Facts(notification)));
        var card = new JsonObject
        {
            ["$schema"] = AdaptiveCardSchema,
            ["type"] = "AdaptiveCard",
            ["version"] = AdaptiveCardVersion,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        if (SafeLinks.AbsoluteOrNull(notification.Event.Url) is { } url)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = options.LinkText, ["url"] = url });
        }

        if (notification.Alerts.Count > 0)
        {
            // Above the facts about the notification, which are short for a group.
            body.Insert(body.Count - 1, FactSet(AlertFacts(notification.Alerts, s_envelopeBytes + JsonShrinker.Size(card), "title")));
        }

        return card;
    }

    private JsonObject MessageCard(Notification notification)
    {
        var e = notification.Event;
        var card = new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "http://schema.org/extensions",
            ["summary"] = Plain(notification.Title),
            ["themeColor"] = Colour(notification) switch
            {
                "Attention" => "D70000",
                "Warning" => "FFA500",
                "Good" => "2EB886",
                _ => "0078D7",
            },
            ["title"] = Title(notification),
            ["text"] = string.IsNullOrWhiteSpace(notification.Message) ? "-" : notification.Message,
            ["sections"] = new JsonArray(new JsonObject
            {
                ["activityTitle"] = Plain(e.Source),
                ["activitySubtitle"] = e.Environment is { } environment ? Plain(environment) : string.Empty,
                ["facts"] = Facts(Facts(notification), "name"),
                ["markdown"] = false,
            }),
        };
        if (SafeLinks.AbsoluteOrNull(e.Url) is { } url)
        {
            card["potentialAction"] = new JsonArray(new JsonObject
            {
                ["@type"] = "OpenUri",
                ["name"] = options.LinkText,
                ["targets"] = new JsonArray(new JsonObject { ["os"] = "default", ["uri"] = url }),
            });
        }

        if (notification.Alerts.Count > 0)
        {
            var sections = (JsonArray)card["sections"]!;
            sections.Insert(0, new JsonObject
            {
                ["activityTitle"] = "Alerts",
                ["facts"] = Facts(AlertFacts(notification.Alerts, JsonShrinker.Size(card), "name"), "name"),
                ["markdown"] = false,
            });
        }

        return card;
    }

    private static JsonObject FactSet(IEnumerable<(string Title, string Value)> facts) => new() { ["type"] = "FactSet", ["facts"] = Facts(facts, "title") };

    /// <summary>Facts as the card format writes them: <c>title</c> (Adaptive Card) or <c>name</c> (MessageCard), and <c>value</c>.</summary>
    private static JsonArray Facts(IEnumerable<(string Title, string Value)> facts, string titleName) =>
        new([.. facts.Select(f => (JsonNode)new JsonObject { [titleName] = f.Title, ["value"] = f.Value })]);

    /// <summary>
    /// A fact per alert of a grouped notification (its state and source, and its line), as many as fit in the body
    /// budget beside the <paramref name="usedBytes"/> the rest of the card takes (at least half the budget, since the
    /// cut that follows makes a long message shorter), then a fact saying how many more there are.
    /// </summary>
    private List<(string Title, string Value)> AlertFacts(IReadOnlyList<NotificationAlert> alerts, int usedBytes, string titleName)
    {
        var facts = alerts.Select(a => (Title: $"{GroupedAlerts.Label(a)} · {Plain(TextTruncation.Truncate(a.Event.Source, MaxFactTitleLength, out _))}", Value: TextTruncation.Truncate(a.Text, MaxAlertTextLength, out _))).ToList();
        var more = (GroupedAlerts.More(alerts.Count), "-");
        var budget = options.MaxBodyBytes - Math.Min(usedBytes, options.MaxBodyBytes / 2);
        var shown = GroupedAlerts.Fit([.. facts.Select(f => FactBytes(f, titleName))], budget, int.MaxValue, FactBytes(more, titleName));
        return shown < facts.Count ? [.. facts.Take(shown), (GroupedAlerts.More(alerts.Count - shown), "-")] : facts;
    }

    /// <summary>The bytes a fact adds to a card, its comma included.</summary>
    private static int FactBytes((string Title, string Value) fact, string titleName) =>
        JsonShrinker.Size(new JsonObject { [titleName] = fact.Title, ["value"] = fact.Value }) + 1;

    /// <summary>
    /// Alerts and tests: source, type, environment, time, the chosen attributes and the incident. Resolves,
    /// acknowledgements and updates are short: what they refer to (the incident and its key), the source, the time and
    /// the rule. A grouped notification lists its alerts apart (<see cref="AlertFacts"/>): it gets the incident and the rule.
    /// </summary>
    private IEnumerable<(string Title, string Value)> Facts(Notification notification)
    {
        var e = notification.Event;
        var key = notification.IncidentId is { } incident ? ("Incident", $"{Plain(incident)} (key {Plain(notification.DedupKey)})") : ("Key", Plain(notification.DedupKey));
        var grouped = notification.Alerts.Count > 0;
        if (grouped || notification.Kind is not (NotificationKind.Trigger or NotificationKind.Test))
        {
            yield return key;
            if (!grouped)
            {
                yield return ("Source", Plain(e.Source));
                yield return (notification.Kind == NotificationKind.Resolve ? "Resolved" : "Time", AttributeFields.Time(e.Timestamp));
            }

            if (notification.RuleName is { } rule)
            {
                yield return ("Rule", Plain(rule));
            }

            yield break;
        }

        yield return ("Source", Plain(e.Source));
        yield return ("Type", Plain(e.Type));
        yield return ("Environment", e.Environment is { } environment ? Plain(environment) : "-");
        yield return ("Time", AttributeFields.Time(e.Timestamp));
        foreach (var (name, value) in attributes)
        {
            if (value.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                yield return (name, text);
            }
        }

        if (notification.IncidentId is not null)
        {
            yield return key;
        }
    }

    private static string Title(Notification notification) => Plain($"{Label(notification)}: {notification.Title}".ReplaceLineEndings(" "));

    private static string Label(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => "RESOLVED",
        NotificationKind.Acknowledge => "ACKNOWLEDGED",
        NotificationKind.Test => "TEST",
        NotificationKind.Update => "UPDATE",
        _ => notification.Severity.ToString().ToUpperInvariant(),
    };

    /// <summary>Adaptive Card's named colours: Attention (red) for errors, Warning, Good (green) for resolves, Accent otherwise.</summary>
    private static string Colour(Notification notification) => notification.Kind switch
    {
        NotificationKind.Resolve => "Good",
        NotificationKind.Acknowledge or NotificationKind.Test or NotificationKind.Update => "Accent",
        _ => notification.Severity switch
        {
            AlertSeverity.Critical or AlertSeverity.Error => "Attention",
            AlertSeverity.Warning => "Warning",
            _ => "Accent",
        },
    };

    /// <summary>Event text as it is, minus control characters other than line feed and tab; the JSON writer escapes the rest.</summary>
    private static string Plain(string text) => MessageTemplate.Escape(text, TemplateEscaping.None);
}
