using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// Slack as the reference describes it: an incoming webhook at <c>/services/T…/B…/…</c> answering <c>ok</c> or a
/// plain-text error, and <c>/api/chat.postMessage</c> with a bearer token answering <c>{"ok": …}</c>. Both check the
/// message against Block Kit's limits (50 blocks, header 150, section text 1–3000, 10 fields of 2000, 10 context
/// elements) and reject it with <c>invalid_blocks</c>, as Slack does.
/// </summary>
internal sealed class SlackEmulator : ProviderEmulator
{
    public const string WebhookPath = "/services/T0EMULATE/B0EMULATE/w3bh00kt0k3n";
    public const string BotToken = "xoxb-emulator-b0tt0k3n";

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
        await context.Response.WriteAsJsonAsync(new { ok = true, channel = message.GetProperty("channel").GetString(), ts = "1503435956.000247" });
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

        var hasText = message.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 };
        if (!message.TryGetProperty("blocks", out var blocks))
        {
            return (message, hasText ? null : "no_text");
        }

        return (message, blocks.ValueKind == JsonValueKind.Array && BlocksAreValid(blocks) ? null : "invalid_blocks");
    }

    private static bool BlocksAreValid(JsonElement blocks)
    {
        if (blocks.GetArrayLength() is 0 or > 50)
        {
            return false;
        }

        foreach (var block in blocks.EnumerateArray())
        {
            var valid = block.GetProperty("type").GetString() switch
            {
                "header" => Text(block, "text") is { Length: > 0 and <= 150 } && block.GetProperty("text").GetProperty("type").GetString() == "plain_text",
                "section" => SectionIsValid(block),
                "context" => block.GetProperty("elements").GetArrayLength() is > 0 and <= 10,
                "actions" => block.GetProperty("elements").GetArrayLength() is > 0 and <= 25 &&
                    block.GetProperty("elements").EnumerateArray().All(e => !e.TryGetProperty("url", out var url) || url.GetString() is { Length: <= 3000 }),
                "divider" or "image" => true,
                _ => false,
            };
            if (!valid)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SectionIsValid(JsonElement block)
    {
        var hasText = block.TryGetProperty("text", out _);
        var hasFields = block.TryGetProperty("fields", out var fields);
        return (hasText || hasFields) &&
            (!hasText || Text(block, "text") is { Length: > 0 and <= 3000 }) &&
            (!hasFields || (fields.GetArrayLength() is > 0 and <= 10 && fields.EnumerateArray().All(f => f.GetProperty("text").GetString() is { Length: > 0 and <= 2000 })));
    }

    private static string? Text(JsonElement block, string property) => block.GetProperty(property).GetProperty("text").GetString();
}
