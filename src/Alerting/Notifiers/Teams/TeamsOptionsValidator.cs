using Alerting.Notifiers.Http;
using Alerting.Notifiers.Internal;
using Alerting.Notifiers.Teams.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Teams;

/// <summary>Validates a Teams channel's options, listing every problem by field; the URL is never echoed.</summary>
internal sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Problems(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Every problem with <paramref name="options"/>, by field; empty when they are valid.</summary>
    internal static List<string> Problems(TeamsOptions options)
    {
        var errors = new List<string>();
        if (options.WebhookUrl is null)
        {
            errors.Add("WebhookUrl is required: the URL of a Workflows flow, from configuration, user secrets or an environment variable.");
        }
        else
        {
            HttpOptionsValidation.CheckUrl(nameof(options.WebhookUrl), options.WebhookUrl, options.Http?.AllowInsecureHttp == true, errors);
        }

        if (!Enum.IsDefined(options.Format))
        {
            errors.Add($"Format '{options.Format}' is not one of AdaptiveCard, MessageCard.");
        }

        if (options.MaxBodyBytes is < TeamsConstants.MinBodyBytes or > TeamsConstants.MaxMessageBytes)
        {
            errors.Add($"MaxBodyBytes must be between {TeamsConstants.MinBodyBytes} and {TeamsConstants.MaxMessageBytes} (was {options.MaxBodyBytes}).");
        }

        if (string.IsNullOrWhiteSpace(options.LinkText))
        {
            errors.Add("LinkText must not be empty.");
        }

        _ = AttributeFields.Compile(options.Attributes, errors);
        return errors;
    }
}
