using System.Text.Json;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>Twilio's error body: <c>{"code": 21211, "message": "…", "more_info": "…", "status": 400}</c>.</summary>
internal sealed record TwilioError(int Code, string Message)
{
    /// <summary>The error in <paramref name="body"/>, or <see langword="null"/> when it is not Twilio's error JSON.</summary>
    public static TwilioError? Parse(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("code", out var code) && code.TryGetInt32(out var number)
                ? new TwilioError(number, root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() ?? string.Empty : string.Empty)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The code and message with a short explanation for the codes operators meet most.</summary>
    public string Describe() => Code switch
    {
        TwilioConstants.OptedOut => $"{Code} the recipient opted out (replied STOP): {Message}",
        TwilioConstants.QueueFull => $"{Code} the sender's queue is full: {Message}",
        TwilioConstants.AuthenticationFailed => $"{Code} authentication failed: {Message}",
        _ => $"{Code} {Message}",
    };
}
