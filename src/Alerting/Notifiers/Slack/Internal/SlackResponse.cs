using System.Text.Json;

namespace Alerting.Notifiers.Slack.Internal;

/// <summary>Reads Slack's answers: the webhook's plain-text error strings and <c>chat.postMessage</c>'s <c>{"ok": false, "error": …}</c>.</summary>
internal static class SlackResponse
{
    /// <summary>Web API errors worth retrying: rate limiting and Slack's own failures. Every other error is final.</summary>
    private static readonly Dictionary<string, int> s_transient = new(StringComparer.Ordinal)
    {
        ["ratelimited"] = 429,
        ["rate_limited"] = 429,
        ["internal_error"] = 503,
        ["fatal_error"] = 503,
        ["service_unavailable"] = 503,
        ["request_timeout"] = 503,
    };

    /// <summary>The status a <c>chat.postMessage</c> error stands for when it is worth retrying; otherwise <see langword="null"/>.</summary>
    public static int? StatusFor(string body) => Error(body) is { } error && s_transient.TryGetValue(error, out var status) ? status : null;

    /// <summary>The <c>error</c> of a <c>chat.postMessage</c> answer with <c>ok: false</c>; <see langword="null"/> when it is ok or not such an answer.</summary>
    public static string? Error(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object &&
                root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False
                ? root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString() : "unknown_error"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The explanation a reason quotes: the web API's error name, or the webhook's plain-text error string.</summary>
    public static string? Describe(string body) => Error(body) is { } error ? $"Slack error {error}" : null;
}
