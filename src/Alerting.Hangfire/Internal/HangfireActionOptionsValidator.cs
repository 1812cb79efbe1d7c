using Microsoft.Extensions.Options;

namespace Alerting.Hangfire.Internal;

/// <summary>Validates a <c>hangfire</c> action's options, naming each field with a problem.</summary>
internal sealed class HangfireActionOptionsValidator : IValidateOptions<HangfireActionOptions>
{
    public ValidateOptionsResult Validate(string? name, HangfireActionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        _ = HangfireActionNotifier.Compile(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
