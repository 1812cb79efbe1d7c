using Alerting.Templates;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>Checks shared by the validators of the HTTP channels. Messages name the field and never echo a secret or a URL's path.</summary>
internal static class HttpOptionsValidation
{
    /// <summary>The longest per-try timeout: a day is far past any provider's patience, and well within what timers take.</summary>
    private static readonly TimeSpan MaxAttemptTimeout = TimeSpan.FromDays(1);

    public static void Check(HttpDeliveryOptions? http, List<string> errors)
    {
        if (http is null)
        {
            errors.Add("Http is required.");
            return;
        }

        if (http.MaxRetries < 0)
        {
            errors.Add($"Http.MaxRetries must not be negative (was {http.MaxRetries}).");
        }

        if (http.BaseDelay < TimeSpan.Zero || http.MaxDelay < http.BaseDelay)
        {
            errors.Add($"Http delays must satisfy 0 <= BaseDelay <= MaxDelay (were {http.BaseDelay} and {http.MaxDelay}).");
        }

        if (http.MaxRetryAfter < TimeSpan.Zero)
        {
            errors.Add($"Http.MaxRetryAfter must not be negative (was {http.MaxRetryAfter}).");
        }

        if (http.AttemptTimeout <= TimeSpan.Zero || http.AttemptTimeout > MaxAttemptTimeout)
        {
            errors.Add($"Http.AttemptTimeout must be positive and at most {MaxAttemptTimeout} (was {http.AttemptTimeout}).");
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
        else if (!IsAllowedScheme(url, allowInsecureHttp))
        {
            errors.Add($"{field} must use https (was {url.Scheme}); set Http.AllowInsecureHttp to allow http, for tests on loopback.");
        }
    }

    public static bool IsAllowedScheme(Uri url, bool allowInsecureHttp) =>
        url.Scheme == Uri.UriSchemeHttps || (allowInsecureHttp && url.Scheme == Uri.UriSchemeHttp);

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
