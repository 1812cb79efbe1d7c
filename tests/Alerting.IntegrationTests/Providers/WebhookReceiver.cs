using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// A Standard Webhooks receiver at <c>/hooks/{token}</c>: checks the token in the path, the three <c>webhook-*</c>
/// headers, the timestamp (±5 minutes) and every <c>v1</c> signature in constant time, then records the delivery.
/// <c>/moved</c> answers 302 to <c>/hooks/{token}</c>, to show redirects are not followed.
/// </summary>
internal sealed class WebhookReceiver : ProviderEmulator
{
    private readonly string _token;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<(string Id, long Timestamp, string Body)> _received = new();

    private WebhookReceiver(string token, string secret)
    {
        _token = token;
        _key = Convert.FromBase64String(secret["whsec_".Length..]);
    }

    /// <summary>Gets the deliveries that passed verification, one per attempt.</summary>
    public IReadOnlyList<(string Id, long Timestamp, string Body)> Received => [.. _received];

    public Uri HookUrl => new(BaseAddress, "/hooks/" + _token);

    public static async Task<WebhookReceiver> StartNewAsync(string token, string secret)
    {
        var receiver = new WebhookReceiver(token, secret);
        await receiver.StartAsync();
        return receiver;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/hooks/{token}", HandleAsync);
        app.MapPost("/moved", context =>
        {
            context.Response.Redirect("/hooks/" + _token);
            return Task.CompletedTask;
        });
    }

    private async Task HandleAsync(HttpContext context)
    {
        if ((string?)context.Request.RouteValues["token"] != _token)
        {
            context.Response.StatusCode = 404;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var id = context.Request.Headers["webhook-id"].ToString();
        var timestampText = context.Request.Headers["webhook-timestamp"].ToString();
        var signatures = context.Request.Headers["webhook-signature"].ToString();
        if (id.Length == 0 || id.Contains('.', StringComparison.Ordinal) ||
            !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp) ||
            Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - timestamp) > 300)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
        var valid = signatures.Split(' ').Any(entry =>
            entry.StartsWith("v1,", StringComparison.Ordinal) &&
            CryptographicOperations.FixedTimeEquals(expected, Decode(entry[3..])));
        if (!valid)
        {
            context.Response.StatusCode = 401;
            return;
        }

        _received.Enqueue((id, timestamp, body));
        context.Response.StatusCode = 204;
    }

    private static byte[] Decode(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? bytes[..written] : [];
    }
}
