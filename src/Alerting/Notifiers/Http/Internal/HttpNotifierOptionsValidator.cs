using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Checks the <see cref="IHttpNotifierOptions.Http"/> settings of every HTTP channel at start-up, built-in or a
/// plugin's, registered once per options type by <c>AddNotifierType</c>; each type's own validator checks the rest.
/// </summary>
/// <typeparam name="TOptions">The channel's options.</typeparam>
internal sealed class HttpNotifierOptionsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (options is not IHttpNotifierOptions http)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>();
        HttpOptionsValidation.Check(http.Http, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
