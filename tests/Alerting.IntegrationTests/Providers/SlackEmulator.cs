using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// Slack as the providers reference describes it: an incoming webhook at <c>/services/T…/B…/…</c> answering the plain
/// text <c>ok</c> or an error string with a 4xx (<c>invalid_payload</c>, <c>no_text</c>, <c>invalid_blocks</c> 400;
/// <c>no_team</c> 404 for an unknown URL), and <c>/api/chat.postMessage</c> with a bearer token answering 200 with
/// <c>{"ok": …}</c>. Both check the message against Block Kit's limits (50 blocks, <c>block_id</c> 255, header
/// <c>plain_text</c> 1–150, section text 1–3000, 10 fields of 1–2000, 10 context elements, 25 action elements, button
/// text 75 and URL 3000, image <c>alt_text</c> and <c>title</c> 2000) and reject a message that breaks one with
/// <c>invalid_blocks</c>, as Slack rejects the whole message for one bad block.
/// </summary>
internal sealed class SlackEmulator : ProviderEmulator
{
    public const string WebhookPath = "/services/T0EMULATE/B0EMULATE/w3bh00kt0k3n";
    public const string BotToken = "xoxb-emulator-b0tt0k3n";
    public const string Ts = "1503435956.000247";

    private readonly ConcurrentQueue<JsonElement> _posted = new();

    private SlackEmulator()
    {
    }

    /// <summary>Gets the messages Slack accepted, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Posted => [.. _posted];

    /// <summary>Gets the channel ids that do not exist (<c>channel_not_found</c>).</summary>
    public HashSet<string> MissingChannels { get; } = [];

    public Uri WebhookUrl => new(BaseAddress, WebhookPath);

    public Uri ApiBaseUrl => new(BaseAddress, "/api/");

    public static async Task<SlackEmulator> StartNewAsync()
    {
        var emulator = new SlackEmulator();
        await emulator.StartAsync();
        return emulator;
    }

    /// <summary>The next request gets <c>chat.postMessage</c>'s failure answer: HTTP 200 with <c>ok: false</c> and this error.</summary>
    public SlackEmulator ThenBotError(string error)
    {
        ThenStatus(200, body: JsonSerializer.Serialize(new { ok = false, error }));
        return this;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost(WebhookPath, WebhookAsync);
        app.MapPost("/services/{team}/{bot}/{token}", async context =>
        {
            context.Response.StatusCode = 404;
            await context.Response.WriteAsync("no_team");
        });
        app.MapPost("/api/chat.postMessage", PostMessageAsync);
    }

    private async Task WebhookAsync(HttpContext context)
    {
        var (message, error) = await ReadAsync(context);
        if (error is not null)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync(error);
            return;
        }

        _posted.Enqueue(message);
        await context.Response.WriteAsync("ok");
    }

    private async Task PostMessageAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + BotToken)
        {
            await context.Response.WriteAsJsonAsync(new { ok = false, error = "invalid_auth" });
            return;
        }

        var (message, error) = await ReadAsync(context);
        error ??= message.TryGetProperty("channel", out var channel) && channel.GetString() is { Length: > 0 } id
            ? MissingChannels.Contains(id) ? "channel_not_found" : null
            : "channel_not_found";
        if (error is not null)
        {
            await context.Response.WriteAsJsonAsync(new { ok = false, error });
            return;
        }

        _posted.Enqueue(message);
        await context.Response.WriteAsJsonAsync(new { ok = true, channel = message.GetProperty("channel").GetString(), ts = Ts, message = new { } });
    }

    /// <summary>The message, or Slack's error for it.</summary>
    private static async Task<(JsonElement Message, string? Error)> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return (default, "invalid_payload");
        }

        JsonElement message;
        try
        {
            message = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
        }
        catch (JsonException)
        {
            return (default, "invalid_payload");
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            return (default, "invalid_payload");
        }

        var hasText = message.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String && text.GetString() is { Length: > 0 };
        if (!message.TryGetProperty("blocks", out var blocks))
        {
            return (message, hasText ? null : "no_text");
        }

        return (message, blocks.ValueKind == JsonValueKind.Array && BlocksAreValid(blocks) ? null : "invalid_blocks");
    }

    private static bool BlocksAreValid(JsonElement blocks) =>
        blocks.GetArrayLength() is > 0 and <= 50 && blocks.EnumerateArray().All(BlockIsValid);

    private static bool BlockIsValid(JsonElement block)
    {
        if (block.TryGetProperty("block_id", out var id) && id.GetString() is not { Length: > 0 and <= 255 })
        {
            return false;
        }

        return String(block, "type") switch
        {
            "header" => TextObject(block, "text", 150, plainOnly: true),
            "section" => SectionIsValid(block),
            "context" => List(block, "elements", 10, e => !e.TryGetProperty("text", out _) || TextObject(e, null, 3000, plainOnly: false)),
            "actions" => List(block, "elements", 25, ButtonIsValid),
            "divider" => true,
            "image" => String(block, "image_url") is { Length: > 0 and <= 3000 } && String(block, "alt_text") is { Length: > 0 and <= 2000 } &&
                (!block.TryGetProperty("title", out _) || TextObject(block, "title", 2000, plainOnly: true)),
            _ => false,
        };
    }

    private static bool SectionIsValid(JsonElement block)
    {
        var hasText = block.TryGetProperty("text", out _);
        var hasFields = block.TryGetProperty("fields", out _);
        return (hasText || hasFields) &&
            (!hasText || TextObject(block, "text", 3000, plainOnly: false)) &&
            (!hasFields || List(block, "fields", 10, f => TextObject(f, null, 2000, plainOnly: false)));
    }

    private static bool ButtonIsValid(JsonElement element) =>
        String(element, "type") != "button" ||
        (TextObject(element, "text", 75, plainOnly: true) && (!element.TryGetProperty("url", out var url) || url.GetString() is { Length: > 0 and <= 3000 }));

    /// <summary>A text object (at <paramref name="property"/>, or the element itself) of type mrkdwn or plain_text with 1 to <paramref name="max"/> characters.</summary>
    private static bool TextObject(JsonElement block, string? property, int max, bool plainOnly)
    {
        if (property is not null && !block.TryGetProperty(property, out block))
        {
            return false;
        }

        return String(block, "type") is { } type && (type == "plain_text" || (!plainOnly && type == "mrkdwn")) &&
            String(block, "text") is { Length: > 0 } text && text.Length <= max;
    }

    private static bool List(JsonElement block, string property, int max, Func<JsonElement, bool> isValid) =>
        block.TryGetProperty(property, out var items) && items.ValueKind == JsonValueKind.Array &&
        items.GetArrayLength() is > 0 && items.GetArrayLength() <= max && items.EnumerateArray().All(isValid);

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
