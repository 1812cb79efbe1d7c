using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// PagerDuty's Events API v2 as the reference describes it: <c>/v2/enqueue</c> and <c>/v2/change/enqueue</c>, JSON only,
/// 512 KB bodies, a 32-character routing key, the three actions with their required fields, the severity enum, the
/// summary and dedup key limits, HTTPS images; 202 with the dedup key when valid, 400 with <c>errors[]</c> when not.
/// </summary>
internal sealed class PagerDutyEmulator : ProviderEmulator
{
    private static readonly string[] s_actions = ["trigger", "acknowledge", "resolve"];
    private static readonly string[] s_severities = ["critical", "error", "warning", "info"];

    private readonly ConcurrentQueue<JsonElement> _accepted = new();

    private PagerDutyEmulator()
    {
    }

    /// <summary>Gets the events PagerDuty accepted (alert and change events), in arrival order.</summary>
    public IReadOnlyList<JsonElement> Accepted => [.. _accepted];

    public static async Task<PagerDutyEmulator> StartNewAsync()
    {
        var emulator = new PagerDutyEmulator();
        await emulator.StartAsync();
        return emulator;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v2/enqueue", context => HandleAsync(context, change: false));
        app.MapPost("/v2/change/enqueue", context => HandleAsync(context, change: true));
    }

    private async Task HandleAsync(HttpContext context, bool change)
    {
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await RejectAsync(context, 400, "Event object is invalid", "Content-Type must be application/json");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        if (buffer.Length > 512 * 1024)
        {
            await RejectAsync(context, 413, "Request entity too large");
            return;
        }

        JsonElement body;
        try
        {
            body = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
        catch (JsonException)
        {
            await RejectAsync(context, 400, "Event object is invalid", "Body is not JSON");
            return;
        }

        var errors = change ? ValidateChange(body) : ValidateAlert(body);
        if (errors.Count > 0)
        {
            await RejectAsync(context, 400, "Event object is invalid", [.. errors]);
            return;
        }

        _accepted.Enqueue(body);
        context.Response.StatusCode = 202;
        var dedupKey = body.TryGetProperty("dedup_key", out var key) ? key.GetString() : Guid.NewGuid().ToString("N");
        await context.Response.WriteAsJsonAsync(new { status = "success", message = "Event processed", dedup_key = dedupKey });
    }

    private static List<string> ValidateAlert(JsonElement body)
    {
        var errors = new List<string>();
        CheckRoutingKey(body, errors);
        var action = String(body, "event_action");
        if (!s_actions.Contains(action))
        {
            errors.Add("'event_action' is invalid (must be one of trigger, acknowledge, resolve)");
        }

        var dedupKey = String(body, "dedup_key");
        if (dedupKey is { Length: > 255 })
        {
            errors.Add("'dedup_key' is too long (maximum is 255 characters)");
        }

        if (action is "acknowledge" or "resolve" && string.IsNullOrEmpty(dedupKey))
        {
            errors.Add("'dedup_key' is required for acknowledge and resolve");
        }

        if (action == "trigger")
        {
            if (!body.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
            {
                errors.Add("'payload' is missing");
                return errors;
            }

            CheckSummary(payload, errors);
            if (string.IsNullOrEmpty(String(payload, "source")))
            {
                errors.Add("'payload.source' is missing or blank");
            }

            if (!s_severities.Contains(String(payload, "severity")))
            {
                errors.Add("'payload.severity' is invalid (must be one of critical, error, warning, info)");
            }

            if (payload.TryGetProperty("timestamp", out var timestamp) && !DateTimeOffset.TryParse(timestamp.GetString(), out _))
            {
                errors.Add("'payload.timestamp' is not an ISO 8601 date-time");
            }

            if (body.TryGetProperty("images", out var images))
            {
                foreach (var image in images.EnumerateArray())
                {
                    if (String(image, "src") is not { } src || !src.StartsWith("https://", StringComparison.Ordinal))
                    {
                        errors.Add("'images[].src' must be an HTTPS URL");
                    }
                }
            }

            CheckLinks(body, errors);
        }

        return errors;
    }

    private static List<string> ValidateChange(JsonElement body)
    {
        var errors = new List<string>();
        CheckRoutingKey(body, errors);
        foreach (var forbidden in new[] { "event_action", "dedup_key", "images" })
        {
            if (body.TryGetProperty(forbidden, out _))
            {
                errors.Add($"'{forbidden}' is not allowed on change events");
            }
        }

        if (!body.TryGetProperty("payload", out var payload))
        {
            errors.Add("'payload' is missing");
            return errors;
        }

        CheckSummary(payload, errors);
        CheckLinks(body, errors);
        return errors;
    }

    private static void CheckRoutingKey(JsonElement body, List<string> errors)
    {
        if (String(body, "routing_key") is not { Length: 32 })
        {
            errors.Add("Length of 'routing_key' is incorrect (should be 32 characters)");
        }
    }

    private static void CheckSummary(JsonElement payload, List<string> errors)
    {
        switch (String(payload, "summary"))
        {
            case null or "":
                errors.Add("'payload.summary' is missing or blank");
                break;
            case { Length: > 1024 }:
                errors.Add("'summary' is too long (maiximum is 1024 characters)");
                break;
        }
    }

    private static void CheckLinks(JsonElement body, List<string> errors)
    {
        if (body.TryGetProperty("links", out var links) && links.EnumerateArray().Any(l => string.IsNullOrEmpty(String(l, "href"))))
        {
            errors.Add("'links[].href' is required");
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
