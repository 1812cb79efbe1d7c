using Alerting.Templates;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Notifiers.Http;

/// <summary>Checks shared by the validators of the HTTP channels. Messages name the field and never echo a secret or a URL's path.</summary>
internal static class HttpOptionsValidation
{
    /// <summary>The longest per-request timeout: a day is far past any provider's patience, and well within what timers take.</summary>
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromDays(1);

    public static void Check(HttpDeliveryOptions? http, List<string> errors)
    {
        if (http is null)
        {
            errors.Add("Http is required.");
            return;
        }

        if (http.RequestTimeout <= TimeSpan.Zero || http.RequestTimeout > MaxRequestTimeout)
        {
            errors.Add($"Http.RequestTimeout must be positive and at most {MaxRequestTimeout} (was {http.RequestTimeout}).");
        }

        if (http.CircuitBreakerFailureThreshold < 1)
        {
            errors.Add($"Http.CircuitBreakerFailureThreshold must be at least 1 (was {http.CircuitBreakerFailureThreshold}).");
        }

        if (http.CircuitBreakerBreakDuration <= TimeSpan.Zero)
        {
            errors.Add($"Http.CircuitBreakerBreakDuration must be positive (was {http.CircuitBreakerBreakDuration}).");
        }
    }

    /// <summary>An absolute HTTPS URL, or HTTP when the channel allows it; the message shows only scheme and host.</summary>
    public static void CheckUrl(string field, Uri? url, bool allowInsecureHttp, List<string> errors)
    {
        if (url is null || !url.IsAbsoluteUri)
        {
            errors.Add($"{field} must be an absolute URL.");
        }
        else if (!new HttpDeliveryOptions { AllowInsecureHttp = allowInsecureHttp }.Allows(url))
        {
            errors.Add($"{field} must use https (was {url.Scheme}); set Http.AllowInsecureHttp to allow http, for tests on loopback.");
        }
    }

    /// <summary>Parses an optional template, reporting a parse error with its position.</summary>
    public static MessageTemplate? Template(string field, string? text, List<string> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (MessageTemplate.TryParse(text, out var template, out var error))
        {
            return template;
        }

        errors.Add($"{field}: {error.Message}");
        return null;
    }
}
