using System.Text.RegularExpressions;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Twilio.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Twilio;

/// <summary>
/// Validates a Twilio channel's options, listing every problem by field. Credentials and SIDs are never echoed (a
/// secret pasted into the wrong field must not reach a log); a bad sender or recipient is quoted, with its index.
/// </summary>
internal sealed partial class TwilioOptionsValidator : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>; empty when they are valid.</summary>
    internal static List<string> Problems(TwilioOptions options)
    {
        var errors = new List<string>();
        if (options.AccountSid is null || !AccountSid().IsMatch(options.AccountSid))
        {
            errors.Add("AccountSid is required: 'AC' followed by 32 hexadecimal digits (from the Twilio console).");
        }

        CheckCredentials(options, errors);
        CheckSender(options, errors);
        CheckRecipients(options.To, errors);
        if (options.MaxLength is < 1 or > TwilioConstants.MaxBodyLength)
        {
            errors.Add($"MaxLength must be between 1 and {TwilioConstants.MaxBodyLength} (was {options.MaxLength}).");
        }

        if (options.ValidityPeriod is { } validity &&
            (validity < TimeSpan.FromSeconds(1) || validity > TwilioConstants.MaxValidityPeriod || validity.Ticks % TimeSpan.TicksPerSecond != 0))
        {
            errors.Add($"ValidityPeriod must be whole seconds from 00:00:01 to {TwilioConstants.MaxValidityPeriod} (was {validity}).");
        }

        HttpOptionsValidation.CheckUrl(nameof(options.BaseUrl), options.BaseUrl, options.Http?.AllowInsecureHttp == true, errors);
        return errors;
    }

    private static void CheckCredentials(TwilioOptions options, List<string> errors)
    {
        if (options.ApiKeySid is null && options.ApiKeySecret is null)
        {
            if (string.IsNullOrWhiteSpace(options.AuthToken))
            {
                errors.Add("Credentials are required: ApiKeySid and ApiKeySecret (recommended), or AuthToken, from configuration, user secrets or the environment.");
            }

            return;
        }

        if (options.ApiKeySid is null || !ApiKeySid().IsMatch(options.ApiKeySid))
        {
            errors.Add("ApiKeySid must be 'SK' followed by 32 hexadecimal digits when an API key is used.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKeySecret))
        {
            errors.Add("ApiKeySecret is required with ApiKeySid.");
        }
    }

    private static void CheckSender(TwilioOptions options, List<string> errors)
    {
        if (options.MessagingServiceSid is not null && options.From is not null)
        {
            errors.Add("Set either From or MessagingServiceSid, not both.");
        }
        else if (options.MessagingServiceSid is not null)
        {
            if (!MessagingServiceSid().IsMatch(options.MessagingServiceSid))
            {
                errors.Add("MessagingServiceSid must be 'MG' followed by 32 hexadecimal digits.");
            }
        }
        else if (options.From is null)
        {
            errors.Add("From or MessagingServiceSid is required: a Twilio number in E.164 (+14155550100), a short code, an alphanumeric sender id, or a Messaging Service.");
        }
        else if (!PhoneNumber.E164().IsMatch(options.From) && !ShortCode().IsMatch(options.From) && !AlphanumericSender().IsMatch(options.From))
        {
            errors.Add($"From: '{options.From}' is not a number in E.164 (+14155550100), a short code (3 to 8 digits) or an alphanumeric sender id (up to 11 letters, digits and spaces, at least one letter).");
        }
    }

    private static void CheckRecipients(List<string>? to, List<string> errors)
    {
        if (to is not { Count: > 0 })
        {
            errors.Add("To needs at least one recipient number in E.164 (+447700900123).");
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < to.Count; i++)
        {
            var number = to[i];
            if (number is null || !PhoneNumber.E164().IsMatch(number))
            {
                errors.Add($"To[{i}]: '{number}' is not a number in E.164: '+', the country code and the number, at most 15 digits, no spaces or dashes.");
            }
            else if (!seen.Add(number))
            {
                errors.Add($"To[{i}]: '{number}' is listed more than once.");
            }
        }
    }

    [GeneratedRegex("^[0-9]{3,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ShortCode();

    [GeneratedRegex("^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlphanumericSender();

    [GeneratedRegex("^AC[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AccountSid();

    [GeneratedRegex("^SK[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeySid();

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessagingServiceSid();
}
