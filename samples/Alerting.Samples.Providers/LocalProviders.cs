using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Alerting.Samples.Providers;

/// <summary>
/// Stand-ins for PagerDuty, a webhook receiver, a Slack webhook, a Teams Workflows trigger and Twilio's Messages API on
/// 127.0.0.1 (a free port), so the sample runs without an account or network. They print what they receive and answer
/// as the real services do (202, 204, <c>ok</c>, 202 and 201).
/// </summary>
internal sealed class LocalProviders : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalProviders(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseAddress => new(_app.Urls.Single());

    public static async Task<LocalProviders> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/v2/enqueue", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var root = body.RootElement;
            Console.WriteLine($"  [local PagerDuty] {root.GetProperty("event_action")} dedup_key={root.GetProperty("dedup_key")}" +
                (root.TryGetProperty("payload", out var payload) ? $" severity={payload.GetProperty("severity")} summary=\"{payload.GetProperty("summary")}\"" : string.Empty));
            return Results.Json(new { status = "success", message = "Event processed", dedup_key = root.GetProperty("dedup_key").GetString() }, statusCode: 202);
        });
        app.MapPost("/hooks/{name}", async (HttpContext context, string name) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var signed = context.Request.Headers.ContainsKey("webhook-signature") ? "signed" : "unsigned";
            Console.WriteLine($"  [local webhook /{name}] {signed} {body}");
            return Results.NoContent();
        });
        app.MapPost("/slack/services/T0LOCAL/B0LOCAL/local", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var blocks = body.RootElement.GetProperty("blocks");
            Console.WriteLine($"  [local Slack] {blocks.GetArrayLength()} blocks, header \"{blocks[0].GetProperty("text").GetProperty("text")}\", message \"{blocks[1].GetProperty("text").GetProperty("text")}\"");
            return Results.Text("ok");
        });
        app.MapPost("/teams/workflows/local", async (HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            var card = body.RootElement.GetProperty("attachments")[0].GetProperty("content");
            Console.WriteLine($"  [local Teams] Adaptive Card {card.GetProperty("version")}: \"{card.GetProperty("body")[0].GetProperty("text")}\"");
            return Results.Accepted();
        });
        app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            Console.WriteLine($"  [local Twilio] SMS to {form["To"]}: \"{form["Body"]}\"");
            return Results.Json(new { sid = "SM" + Guid.NewGuid().ToString("N"), status = "queued" }, statusCode: 201);
        });
        await app.StartAsync();
        return new LocalProviders(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
