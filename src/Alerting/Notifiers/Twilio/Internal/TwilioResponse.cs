using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Alerting.Notifiers.Twilio.Internal;

/// <summary>
/// What Twilio answered: a message resource (<c>sid</c>, <c>num_segments</c>) on 201, or an error
/// <c>{"code": 21211, "message": "…", "more_info": "…", "status": 400}</c>. Read with a forward-only reader so the
/// capped excerpt of a long answer still yields the fields that fit.
/// </summary>
internal sealed class TwilioResponse
{
    private TwilioResponse()
    {
    }

    /// <summary>Gets Twilio's error code, when the answer is an error.</summary>
    public int? Code { get; private set; }

    /// <summary>Gets Twilio's error message, when the answer is an error.</summary>
    public string? Message { get; private set; }

    /// <summary>Gets the message SID (<c>SM…</c>), when the answer is a message resource.</summary>
    public string? Sid { get; private set; }

    /// <summary>The top-level fields of a JSON object answer; <see langword="null"/> when the text is not one.</summary>
    public static TwilioResponse? Parse(string body)
    {
        var text = body.AsSpan().TrimStart();
        if (text.IsEmpty || text[0] != '{')
        {
            return null;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), isFinalBlock: false, state: default);
        var response = new TwilioResponse();
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var name = reader.GetString();
                if (!reader.Read())
                {
                    break;
                }

                switch (name)
                {
                    case "code" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var code):
                        response.Code = code;
                        break;
                    case "code" when reader.TokenType == JsonTokenType.String && int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code):
                        response.Code = code;
                        break;
                    case "message" when reader.TokenType == JsonTokenType.String:
                        response.Message = reader.GetString();
                        break;
                    case "sid" when reader.TokenType == JsonTokenType.String:
                        response.Sid = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A malformed or cut answer: keep what was read before the problem.
        }

        return response;
    }

    /// <summary>The error as a reason: code, its meaning when the channel classifies it, and Twilio's message.</summary>
    public string? Describe()
    {
        if (Code is not { } code)
        {
            return Message;
        }

        var meaning = TwilioErrors.Meaning(code);
        var message = string.IsNullOrWhiteSpace(Message) ? null : Message.Trim();
        return (meaning, message) switch
        {
            (null, null) => code.ToString(CultureInfo.InvariantCulture),
            (null, _) => $"{code} {message}",
            (_, null) => $"{code} {meaning}",
            _ => $"{code} {meaning}: {message}",
        };
    }
}
