using Alerting.Templates;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Notifiers.Http;

/// <summary>
/// Checks for the options validators of HTTP channels, built-in or a plugin's (the built-ins use exactly these). Each
/// adds a problem that names the field and never echoes a secret or a URL's path.
/// </summary>
public static class HttpOptionsValidation
{
    /// <summary>The longest per-request timeout: a day is far past any provider's patience, and well within what timers take.</summary>
    private static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromDays(1);

    /// <summary>Checks the <see cref="IHttpNotifierOptions.Http"/> settings (every channel's are, at start-up, without being asked).</summary>
    /// <param name="http">The settings.</param>
    /// <param name="errors">Where each problem goes.</param>
    public static void Check(HttpDeliveryOptions? http, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
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

    /// <summary>An absolute HTTPS URL, or HTTP when the channel allows it; the message shows only the scheme.</summary>
    /// <param name="field">The option's name, for the message.</param>
    /// <param name="url">The URL.</param>
    /// <param name="allowInsecureHttp">Whether <c>http</c> is allowed (<see cref="HttpDeliveryOptions.AllowInsecureHttp"/>).</param>
    /// <param name="errors">Where the problem goes.</param>
    public static void CheckUrl(string field, Uri? url, bool allowInsecureHttp, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
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
    /// <param name="field">The option's name, for the message.</param>
    /// <param name="text">The template, or <see langword="null"/> when not set.</param>
    /// <param name="errors">Where the problem goes.</param>
    /// <returns>The template, or <see langword="null"/> when not set or invalid.</returns>
    public static MessageTemplate? Template(string field, string? text, ICollection<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
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
