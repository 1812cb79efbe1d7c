using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// Twilio's Messages API as the reference describes it: <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>,
/// form-encoded, HTTP Basic as the account (Account SID and auth token) or as one of its API keys (API key SID and
/// secret), else 401 with 20003; <c>To</c> in E.164 (21211), <c>From</c> or <c>MessagingServiceSid</c>, a <c>Body</c> of
/// at most 1600 UTF-16 code units (21617); numbers in <see cref="OptedOut"/> answer 400 with 21610. Accepted messages
/// get 201 and a message resource; failures get Twilio's error JSON (<c>code</c>, <c>message</c>, <c>more_info</c>,
/// <c>status</c>).
/// </summary>
internal sealed partial class TwilioEmulator : ProviderEmulator
{
    public const string AccountSid = "AC00000000000000000000000000000e11";
    public const string AuthToken = "emulat0rAuthT0ken";
    public const string ApiKeySid = "SK00000000000000000000000000000e11";
    public const string ApiKeySecret = "emulat0rApiK3ySecret";

    private const int MaxBodyLength = 1600;

    private static readonly string s_accountCredentials = Basic(AccountSid, AuthToken);
    private static readonly string s_apiKeyCredentials = Basic(ApiKeySid, ApiKeySecret);

    private readonly ConcurrentQueue<Dictionary<string, string>> _sent = new();
    private readonly ConcurrentQueue<string> _attempted = new();

    private TwilioEmulator()
    {
    }

    /// <summary>Gets the messages Twilio accepted (their form fields), in arrival order.</summary>
    public IReadOnlyList<Dictionary<string, string>> Sent => [.. _sent];

    /// <summary>Gets the <c>To</c> of every authenticated request, accepted or not, in arrival order.</summary>
    public IReadOnlyList<string> Attempted => [.. _attempted];

    /// <summary>Gets the numbers that replied STOP; set before publishing.</summary>
    public HashSet<string> OptedOut { get; } = [];

    public static async Task<TwilioEmulator> StartNewAsync()
    {
        var emulator = new TwilioEmulator();
        await emulator.StartAsync();
        return emulator;
    }

    protected override void Map(WebApplication app) => app.MapPost("/2010-04-01/Accounts/{account}/Messages.json", CreateMessageAsync);

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private async Task CreateMessageAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if ((string?)context.Request.RouteValues["account"] != AccountSid || (authorization != s_accountCredentials && authorization != s_apiKeyCredentials))
        {
            await ErrorAsync(context, 401, 20003, "Authenticate");
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await ErrorAsync(context, 400, 21601, "Phone number is required; the request must be form-encoded.");
            return;
        }

        var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var to = form.GetValueOrDefault("To") ?? string.Empty;
        _attempted.Enqueue(to);
        var body = form.GetValueOrDefault("Body") ?? string.Empty;
        var (status, code, message) = to switch
        {
            "" => (400, 21604, "A 'To' phone number is required."),
            _ when !E164().IsMatch(to) => (400, 21211, $"The 'To' number {to} is not a valid phone number."),
            _ when !form.ContainsKey("From") && !form.ContainsKey("MessagingServiceSid") => (400, 21603, "A 'From' phone number is required."),
            _ when body.Length == 0 => (400, 21602, "Message body is required."),
            _ when body.Length > MaxBodyLength => (400, 21617, "The concatenated message body exceeds the 1600 character limit."),
            _ when OptedOut.Contains(to) => (400, 21610, "Attempt to send to unsubscribed recipient"),
            _ => (201, 0, string.Empty),
        };
        if (status != 201)
        {
            await ErrorAsync(context, status, code, message);
            return;
        }

        _sent.Enqueue(form);
        var sid = "SM" + Guid.NewGuid().ToString("N");
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = body,
            ["date_created"] = DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture),
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = form.GetValueOrDefault("From"),
            ["messaging_service_sid"] = form.GetValueOrDefault("MessagingServiceSid"),
            ["num_media"] = "0",
            ["num_segments"] = (body.Length <= 160 ? 1 : (body.Length + 152) / 153).ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["sid"] = sid,
            ["status"] = form.ContainsKey("From") ? "queued" : "accepted",
            ["to"] = to,
            ["uri"] = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}.json",
        });
    }

    /// <summary>Twilio's error body, with the status repeated in it.</summary>
    public static string ErrorBody(int status, int code, string message) =>
        JsonSerializer.Serialize(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status });

    private static async Task ErrorAsync(HttpContext context, int status, int code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(ErrorBody(status, code, message));
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();
}
