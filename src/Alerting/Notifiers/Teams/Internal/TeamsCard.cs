using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Alerting.Notifiers.Internal;
using Alerting.Templates;

namespace Alerting.Notifiers.Teams.Internal;

/// <summary>
/// Builds what a Teams channel posts: the Workflows message envelope around one Adaptive Card 1.4 (title in the
/// severity's colour, message, a FactSet of event fields, an <c>Action.OpenUrl</c> for the event's URL), the user's
/// templated card, or a legacy <c>MessageCard</c>; then cuts the longest texts until the body fits.
/// </summary>
internal sealed class TeamsCard(TeamsOptions options, IReadOnlyList<(string Name, MessageTemplate Value)> attributes)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    private static readonly HashSet<string> s_texts = new(StringComparer.Ordinal) { "text", "value", "title", "summary", "activityTitle", "activitySubtitle" };

    /// <summary>The body for <paramref name="notification"/> as JSON, within <see cref="TeamsOptions.MaxBodyBytes"/>; <see langword="null"/> when a custom payload is not a card.</summary>
    public JsonObject? Build(Notification notification)
    {
        var body = notification.Payload is { } payload ? Custom(payload) :
            options.Format == TeamsFormat.MessageCard ? MessageCard(notification) : Envelope(AdaptiveCard(notification));
        if (body is not null)
        {
            JsonShrinker.Shrink(body, options.MaxBodyBytes, s_texts.Contains);
        }

        return body;
    }

    public static byte[] Serialize(JsonObject body) => Encoding.UTF8.GetBytes(body.ToJsonString());

    /// <summary>A custom payload: an Adaptive Card (wrapped in the envelope), a whole envelope, or in MessageCard mode a MessageCard.</summary>
    private JsonObject? Custom(string payload)
    {
        if (JsonPayload.TryParse(payload) is not JsonObject card)
        {
            return null;
        }

        var type = (string?)card["type"] ?? (string?)card["@type"];
        return (options.Format, type) switch
        {
            (TeamsFormat.AdaptiveCard, "AdaptiveCard") => Envelope(card),
            (TeamsFormat.AdaptiveCard, "message") when card["attachments"] is JsonArray => card,
            (TeamsFormat.MessageCard, "MessageCard") => card,
            _ => null,
        };
    }

    private static JsonObject Envelope(JsonObject card) => new()
    {
        ["type"] = "message",
        ["attachments"] = new JsonArray
        {
            new JsonObject { ["contentType"] = AdaptiveCardContentType, ["contentUrl"] = null, ["content"] = card },
        },
    };

    private JsonObject AdaptiveCard(Notification notification)
    {
        var e = notification.Event;
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = $"{Label(notification)}: {notification.Title}".ReplaceLineEndings(" "),
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["color"] = Colour(notification),
                ["wrap"] = true,
            },
        };
        if (notification.Message.Length > 0)
        {
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Message, ["wrap"] = true });
        }

        var facts = new JsonArray();
        foreach (var (title, value) in Facts(notification))
        {
            facts.Add(new JsonObject { ["title"] = title, ["value"] = value });
        }

        body.Add(new JsonObject { ["type"] = "FactSet", ["facts"] = facts });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["msteams"] = new JsonObject { ["width"] = "Full" },
            ["body"] = body,
        };
        if (e.Url is { } url)
        {
            card["actions"] = new JsonArray { new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = options.LinkText, ["url"] = url.AbsoluteUri } };
        }

        return card;
    }

    private JsonObject MessageCard(Notification notification)
    {
        var e = notification.Event;
        var facts = new JsonArray();
        foreach (var (title, value) in Facts(notification))
        {
            facts.Add(new JsonObject { ["name"] = title, ["value"] = value });
        }

        var card = new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "http://schema.org/extensions",
            ["summary"] = notification.Title.ReplaceLineEndings(" "),
            ["themeColor"] = Colour(notification) switch
            {
                "Attention" => "D70000",
                "Warning" => "FFA500",
                "Good" => "2EB886",
                _ => "0078D7",
            },
            ["title"] = $"{Label(notification)}: {notification.Title}".ReplaceLineEndings(" "),
            ["text"] = notification.Message.Length > 0 ? notification.Message : "-",
            ["sections"] = new JsonArray { new JsonObject { ["activityTitle"] = e.Source, ["activitySubtitle"] = e.Environment ?? string.Empty, ["facts"] = facts, ["markdown"] = false } },
        };
        if (e.Url is { } url)
        {
            card["potentialAction"] = new JsonArray
            {
                new JsonObject
                {
                    ["@type"] = "OpenUri",
                    ["name"] = options.LinkText,
                    ["targets"] = new JsonArray { new JsonObject { ["os"] = "default", ["uri"] = url.AbsoluteUri } },
                },
            };
        }

        return card;
    }

    /// <summary>Source, type, environment, time, the chosen attributes, and what a resolve refers back to.</summary>
    private IEnumerable<(string Title, string Value)> Facts(Notification notification)
    {
        var e = notification.Event;
        yield return ("Source", e.Source);
        yield return ("Type", e.Type);
        yield return ("Environment", e.Environment ?? "-");
        yield return ("Time", e.Timestamp.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        foreach (var (name, value) in attributes)
        {
            if (value.Render(e, TemplateEscaping.None, null, CultureInfo.InvariantCulture) is { Length: > 0 } text)
            {
                yield return (name, text);
            }
        }

        if (notification.IncidentId is { } incident)
        {
            yield return ("Incident", $"{incident} (key {notification.DedupKey})");
        }
    }

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
}
