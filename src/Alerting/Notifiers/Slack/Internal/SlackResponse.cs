using System.Text.Json;

namespace Alerting.Notifiers.Slack.Internal;

/// <summary>
/// Reads <c>chat.postMessage</c>'s answers: <c>{"ok": true, "ts": …}</c>, or HTTP 200 with <c>{"ok": false, "error": …}</c>
/// for most failures. Incoming webhooks answer plain text (<c>ok</c>, or an error string with a 4xx), which the shared
/// pipeline quotes as it is.
/// </summary>
internal static class SlackResponse
{
    /// <summary>The longest error name quoted; Slack's are short identifiers.</summary>
    private const int MaxErrorLength = 100;

    /// <summary>
    /// Web API errors worth retrying, and the status each stands for in the pipeline: rate limiting (429) and Slack's
    /// own failures (503). Every other error (<c>channel_not_found</c>, <c>invalid_auth</c>, <c>msg_too_long</c>…) is final.
    /// </summary>
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
    public static int? TransientStatus(string body) => Error(body) is { } error && s_transient.TryGetValue(error, out var status) ? status : null;

    /// <summary>The <c>error</c> of an answer with <c>ok: false</c>; <see langword="null"/> when it is ok or not such an answer.</summary>
    public static string? Error(string body) =>
        Parse(body) is { } root && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.False
            ? root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? TextTruncation.Truncate(error.GetString()!, MaxErrorLength, out _)
                : "unknown_error"
            : null;

    /// <summary>The <c>ts</c> of a posted message (its id in the channel, for threads and edits), when the answer has one.</summary>
    public static string? Timestamp(string body) =>
        Parse(body) is { } root && root.TryGetProperty("ts", out var ts) && ts.ValueKind == JsonValueKind.String ? ts.GetString() : null;

    /// <summary>The explanation a reason quotes: <c>Slack error {name}</c> for an <c>ok: false</c> answer; otherwise <see langword="null"/>, so the body is quoted.</summary>
    public static string? Describe(string body) => Error(body) is { } error ? $"Slack error {error}" : null;

    private static JsonElement? Parse(string body)
    {
        if (!body.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object ? json.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
