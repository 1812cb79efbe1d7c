using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// A Teams Workflows trigger as the reference describes it: a URL whose <c>sig</c> query parameter is the credential
/// (401 without it), bodies up to 28 KB (413 beyond), and 202 for any JSON. Like the real flow it accepts before it
/// posts: <see cref="Posted"/> holds only cards the flow could post (the message envelope with one Adaptive Card of
/// version 1.5 or lower), and <see cref="FailedRuns"/> counts bodies the flow would have failed on after the 202.
/// A legacy connector path answers MessageCards with 200 and <c>1</c>, and can be scripted to throttle in a 200 body.
/// </summary>
internal sealed class TeamsEmulator : ProviderEmulator
{
    public const string Signature = "s1gn4tur3";
    private const int MaxBytes = 28 * 1024;

    private readonly ConcurrentQueue<JsonElement> _posted = new();
    private int _failedRuns;

    private TeamsEmulator()
    {
    }

    /// <summary>Gets the cards (the attachment's content, or the MessageCard) posted to the channel.</summary>
    public IReadOnlyList<JsonElement> Posted => [.. _posted];

    /// <summary>Gets how many accepted requests the flow failed to post.</summary>
    public int FailedRuns => Volatile.Read(ref _failedRuns);

    public Uri WorkflowUrl => new(BaseAddress, $"/workflows/emulated/triggers/manual/paths/invoke?api-version=2016-06-01&sig={Signature}");

    public Uri ConnectorUrl => new(BaseAddress, $"/webhookb2/emulated/IncomingWebhook/{Signature}");

    public static async Task<TeamsEmulator> StartNewAsync()
    {
        var emulator = new TeamsEmulator();
        await emulator.StartAsync();
        return emulator;
    }

    /// <summary>The next request gets a legacy connector's throttling answer: 200 with the error in the body.</summary>
    public TeamsEmulator ThenThrottledIn200()
    {
        ThenStatus(200, body: "Microsoft Teams endpoint returned HTTP error 429 with ContextId tcid=0,server=emulator");
        return this;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/workflows/emulated/triggers/manual/paths/invoke", WorkflowAsync);
        app.MapPost($"/webhookb2/emulated/IncomingWebhook/{Signature}", ConnectorAsync);
    }

    private async Task WorkflowAsync(HttpContext context)
    {
        if (context.Request.Query["sig"] != Signature)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { code = "DirectApiAuthorizationRequired", message = "The request must be authenticated." } });
            return;
        }

        if (await ReadAsync(context) is not { } body)
        {
            return;
        }

        context.Response.StatusCode = 202;
        if (EnvelopeCard(body) is { } card)
        {
            _posted.Enqueue(card);
        }
        else
        {
            Interlocked.Increment(ref _failedRuns);
        }
    }

    private async Task ConnectorAsync(HttpContext context)
    {
        if (await ReadAsync(context) is not { } body)
        {
            return;
        }

        if (body.TryGetProperty("@type", out var type) && type.GetString() == "MessageCard" && body.TryGetProperty("summary", out _))
        {
            _posted.Enqueue(body);
            await context.Response.WriteAsync("1");
        }
        else
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Summary or Text is required.");
        }
    }

    /// <summary>The JSON body, or null when it was answered as too large or not JSON.</summary>
    private static async Task<JsonElement?> ReadAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        if (buffer.Length > MaxBytes)
        {
            context.Response.StatusCode = 413;
            return null;
        }

        try
        {
            return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }
        catch (JsonException)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Invalid JSON");
            return null;
        }
    }

    /// <summary>
    /// The card the flow would post: type message, an Adaptive Card attachment of a version Teams renders (1.5 or
    /// lower) with a body, facts of string titles and values, and only the actions webhook cards support.
    /// </summary>
    private static JsonElement? EnvelopeCard(JsonElement body)
    {
        if (String(body, "type") != "message" || !body.TryGetProperty("attachments", out var attachments) || attachments.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var attachment in attachments.EnumerateArray())
        {
            if (String(attachment, "contentType") == "application/vnd.microsoft.card.adaptive" &&
                attachment.TryGetProperty("content", out var card) &&
                String(card, "type") == "AdaptiveCard" &&
                Version.TryParse(String(card, "version"), out var version) && version <= new Version(1, 5) &&
                card.TryGetProperty("body", out var elements) && elements.ValueKind == JsonValueKind.Array && elements.GetArrayLength() > 0 &&
                elements.EnumerateArray().All(ElementIsValid) &&
                (!card.TryGetProperty("actions", out var actions) || actions.EnumerateArray().All(a => String(a, "type") is "Action.OpenUrl" or "Action.ShowCard" or "Action.ToggleVisibility")))
            {
                return card;
            }
        }

        return null;
    }

    private static bool ElementIsValid(JsonElement element) => String(element, "type") switch
    {
        "TextBlock" => String(element, "text") is not null,
        "FactSet" => element.TryGetProperty("facts", out var facts) && facts.EnumerateArray().All(f => String(f, "title") is not null && String(f, "value") is not null),
        null => false,
        _ => true,
    };

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
