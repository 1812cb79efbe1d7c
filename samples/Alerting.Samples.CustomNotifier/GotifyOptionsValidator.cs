using Microsoft.Extensions.Options;

namespace Alerting.Samples.CustomNotifier;

/// <summary>Checks a Gotify channel's options at start-up; messages name the field and never hold the token.</summary>
public sealed class GotifyOptionsValidator : IValidateOptions<GotifyOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, GotifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && options.Http.AllowInsecureHttp)))
        {
            errors.Add("BaseUrl must be an absolute https URL (http only with Http.AllowInsecureHttp).");
        }

        if (string.IsNullOrWhiteSpace(options.AppToken))
        {
            errors.Add("AppToken is required (create an application in Gotify and copy its token).");
        }

        errors.AddRange(options.Priorities.Where(p => p.Value is < 0 or > 10).Select(p => $"Priorities:{p.Key} must be between 0 and 10 (was {p.Value})."));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
