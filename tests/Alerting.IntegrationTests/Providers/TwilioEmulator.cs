using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// Twilio's Messages API as the reference describes it: <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>,
/// form-encoded, HTTP Basic with the Account SID and auth token (20003 otherwise), <c>To</c> in E.164 (21211),
/// <c>From</c> or <c>MessagingServiceSid</c>, <c>Body</c> of at most 1600 characters (21617); 201 with a message
/// resource, or Twilio's JSON error. Numbers in <see cref="OptedOut"/> answer 21610.
/// </summary>
internal sealed partial class TwilioEmulator : ProviderEmulator
{
    public const string AccountSid = "AC00000000000000000000000000000e11";
    public const string AuthToken = "emulat0rAuthT0ken";

    private readonly ConcurrentQueue<Dictionary<string, string>> _sent = new();
    private readonly ConcurrentQueue<string> _attempted = new();

    private TwilioEmulator()
    {
    }

    /// <summary>Gets the messages Twilio accepted (their form fields), in arrival order.</summary>
    public IReadOnlyList<Dictionary<string, string>> Sent => [.. _sent];

    /// <summary>Gets the <c>To</c> of every request that reached validation, in arrival order.</summary>
    public IReadOnlyList<string> Attempted => [.. _attempted];

    /// <summary>Gets the numbers that replied STOP.</summary>
    public HashSet<string> OptedOut { get; } = [];

    public static async Task<TwilioEmulator> StartNewAsync()
    {
        var emulator = new TwilioEmulator();
        await emulator.StartAsync();
        return emulator;
    }

    protected override void Map(WebApplication app) => app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", SendAsync);

    private async Task SendAsync(HttpContext context)
    {
        var account = (string?)context.Request.RouteValues["account"];
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (account != AccountSid || context.Request.Headers.Authorization != expected)
        {
            await ErrorAsync(context, 401, 20003, "Authenticate");
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, 21601, "The request must be form-encoded.");
            return;
        }

        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
        var to = form.GetValueOrDefault("To") ?? string.Empty;
        _attempted.Enqueue(to);
        var (status, code, message) = to switch
        {
            "" => (400, 21604, "A 'To' phone number is required."),
            _ when !E164().IsMatch(to) => (400, 21211, $"The 'To' number {to} is not a valid phone number."),
            _ when !form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid") => (400, 21603, "A 'From' phone number is required."),
            _ when form.GetValueOrDefault("Body") is not { Length: > 0 } => (400, 21602, "Message body is required."),
            _ when form["Body"].Length > 1600 => (400, 21617, "The concatenated message body exceeds the 1600 character limit."),
            _ when OptedOut.Contains(to) => (400, 21610, "Attempt to send to unsubscribed recipient"),
            _ => (201, 0, string.Empty),
        };
        if (status != 201)
        {
            await ErrorAsync(context, status, code, message);
            return;
        }

        _sent.Enqueue(form);
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new
        {
            sid = "SM" + Guid.NewGuid().ToString("N"),
            status = "queued",
            to,
            from = form.GetValueOrDefault("From"),
            messaging_service_sid = form.GetValueOrDefault("MessagingServiceSid"),
            num_segments = "1",
            error_code = (int?)null,
        });
    }

    private static async Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status });
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
