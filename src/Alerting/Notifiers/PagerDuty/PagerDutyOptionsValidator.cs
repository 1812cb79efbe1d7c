using Alerting.Notifiers.Http;
using Alerting.Notifiers.PagerDuty.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.PagerDuty;

/// <summary>Validates a PagerDuty channel's options, listing every problem by field; the routing key is never echoed.</summary>
internal sealed class PagerDutyOptionsValidator : IValidateOptions<PagerDutyOptions>
{
    public ValidateOptionsResult Validate(string? name, PagerDutyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RoutingKey))
        {
            errors.Add("RoutingKey is required: the 32-character integration key of an Events API v2 integration (from configuration, user secrets or an environment variable).");
        }
        else if (options.RoutingKey.Length != PagerDutyConstants.RoutingKeyLength)
        {
            errors.Add($"RoutingKey must be exactly {PagerDutyConstants.RoutingKeyLength} characters (has {options.RoutingKey.Length}); use the integration key, not a REST API token.");
        }

        HttpOptionsValidation.CheckUrl(nameof(options.BaseUrl), options.BaseUrl, options.Http?.AllowInsecureHttp == true, errors);
        _ = PagerDutyTemplates.TryCompile(options, errors);
        foreach (var (severity, mapped) in options.Severities ?? [])
        {
            if (!Enum.IsDefined(mapped))
            {
                errors.Add($"Severities[{severity}]: '{mapped}' is not one of Info, Warning, Error, Critical.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
