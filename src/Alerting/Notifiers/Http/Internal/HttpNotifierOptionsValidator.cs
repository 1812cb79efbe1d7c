using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Checks the <see cref="IHttpNotifierOptions.Http"/> settings of a plugin's channel at start-up, as the built-in
/// channels' validators check theirs (theirs implement the internal <see cref="IHttpChannelOptions"/> and are skipped).
/// </summary>
/// <typeparam name="TOptions">The plugin's options.</typeparam>
internal sealed class HttpNotifierOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (options is not IHttpNotifierOptions plugin || options is IHttpChannelOptions)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        HttpOptionsValidation.Check(plugin.Http, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
