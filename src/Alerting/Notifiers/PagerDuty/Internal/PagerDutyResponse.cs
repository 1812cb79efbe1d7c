using System.Text.Json;
using System.Text.Json.Serialization;

namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>PagerDuty's answer: <c>{"status", "message", "errors": [...]}</c>.</summary>
internal sealed class PagerDutyResponse
{
    [JsonPropertyName("status")]
    public string? Status { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }

    [JsonPropertyName("errors")]
    public List<string>? Errors { get; set; }

    /// <summary>PagerDuty's message and errors, verbatim, from an error body; null when the body is not PagerDuty's JSON.</summary>
    public static string? Describe(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return null;
        }

        try
        {
            var response = JsonSerializer.Deserialize(body, PagerDutyJsonContext.Default.PagerDutyResponse);
            if (response is null || (response.Message is null && response.Errors is not { Count: > 0 }))
            {
                return null;
            }

            var errors = response.Errors is { Count: > 0 } list ? " (" + string.Join("; ", list) + ")" : string.Empty;
            return $"{response.Message ?? response.Status}{errors}";
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
