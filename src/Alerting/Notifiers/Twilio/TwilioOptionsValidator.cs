using System.Text.RegularExpressions;
using Alerting.Notifiers.Http.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Twilio;

/// <summary>Validates a Twilio channel's options, listing every problem by field; tokens and secrets are never echoed.</summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Problems(TwilioOptions options)
    {
        var errors = new List<string>();
        HttpOptionsValidation.Check(options.Http, errors);
        HttpOptionsValidation.CheckUrl(nameof(options.BaseUrl), options.BaseUrl, options.Http?.AllowInsecureHttp == true, errors);
        if (options.AccountSid is null || !Sid("AC").IsMatch(options.AccountSid))
        {
            errors.Add("AccountSid is required: 'AC' followed by 32 hexadecimal digits.");
        }

        if (options.ApiKeySid is not null || options.ApiKeySecret is not null)
        {
            if (options.ApiKeySid is null || !Sid("SK").IsMatch(options.ApiKeySid))
            {
                errors.Add("ApiKeySid must be 'SK' followed by 32 hexadecimal digits when ApiKeySecret is set.");
            }

            if (string.IsNullOrWhiteSpace(options.ApiKeySecret))
            {
                errors.Add("ApiKeySecret is required with ApiKeySid.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.AuthToken))
        {
            errors.Add("Authentication is required: ApiKeySid and ApiKeySecret (recommended), or AuthToken, from configuration, user secrets or the environment.");
        }

        if (options.MessagingServiceSid is { } service)
        {
            if (!Sid("MG").IsMatch(service))
            {
                errors.Add($"MessagingServiceSid must be 'MG' followed by 32 hexadecimal digits (was '{service}').");
            }
        }
        else if (options.From is not { } from || !(E164().IsMatch(from) || ShortCode().IsMatch(from) || AlphanumericSender().IsMatch(from)))
        {
            errors.Add($"From is required unless MessagingServiceSid is set: a number in E.164 (+14155550100), a short code or an alphanumeric sender id of up to 11 characters (was '{options.From}').");
        }

        if (options.To is not { Count: > 0 })
        {
            errors.Add("To needs at least one recipient number in E.164 (+447700900123).");
        }
        else
        {
            for (var i = 0; i < options.To.Count; i++)
            {
                if (options.To[i] is not { } to || !E164().IsMatch(to))
                {
                    errors.Add($"To[{i}]: '{options.To[i]}' is not a number in E.164: '+', the country code and up to 15 digits, no spaces.");
                }
            }

            foreach (var duplicate in options.To.GroupBy(t => t).Where(g => g.Count() > 1))
            {
                errors.Add($"To: '{duplicate.Key}' is listed more than once.");
            }
        }

        if (options.MaxLength is < 1 or > TwilioConstants.MaxBodyLength)
        {
            errors.Add($"MaxLength must be between 1 and {TwilioConstants.MaxBodyLength} (was {options.MaxLength}).");
        }

        return errors;
    }

    private static Regex Sid(string prefix) => prefix switch
    {
        "AC" => AccountSid(),
        "SK" => ApiKeySid(),
        _ => ServiceSid(),
    };

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$")]
    private static partial Regex E164();

    [GeneratedRegex(@"^[0-9]{3,8}$")]
    private static partial Regex ShortCode();

    [GeneratedRegex(@"^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSender();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$")]
    private static partial Regex AccountSid();

    [GeneratedRegex("^SK[0-9a-fA-F]{32}$")]
    private static partial Regex ApiKeySid();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex ServiceSid();
}
