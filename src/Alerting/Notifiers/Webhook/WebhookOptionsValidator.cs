using Alerting.Notifiers.Webhook.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Webhook;

/// <summary>Validates a webhook channel's options, listing every problem by field; the URL and secrets are never echoed.</summary>
internal sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        _ = WebhookTemplates.TryCompile(options, errors);
        foreach (var header in options.Headers?.Keys ?? (IEnumerable<string>)[])
        {
            if (!string.IsNullOrWhiteSpace(header) && WebhookHeaders.NameProblem(header) is { } problem)
            {
                errors.Add(problem);
            }
        }

        if (!WebhookNotifier.IsSupportedMethod(options.Method))
        {
            errors.Add($"Method must be POST or PUT (was '{options.Method}').");
        }

        if (!Enum.IsDefined(options.Format))
        {
            errors.Add($"Format '{options.Format}' is not one of Json, Form.");
        }

        if (options.SigningSecret is { } secret && StandardWebhookSigner.DecodeSecret(secret) is not { Length: >= 24 and <= 64 })
        {
            errors.Add($"SigningSecret must be '{StandardWebhookSigner.SecretPrefix}' followed by the base64 of 24 to 64 random bytes.");
        }

        foreach (var status in options.PermanentStatusCodes ?? [])
        {
            if (status is < 400 or > 599)
            {
                errors.Add($"PermanentStatusCodes: {status} is not an error status (400-599).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
