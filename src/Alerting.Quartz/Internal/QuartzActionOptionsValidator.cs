using Microsoft.Extensions.Options;

namespace Alerting.Quartz.Internal;

/// <summary>Validates a <c>quartz</c> action's options, naming each field with a problem.</summary>
internal sealed class QuartzActionOptionsValidator : IValidateOptions<QuartzActionOptions>
{
    public ValidateOptionsResult Validate(string? name, QuartzActionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        _ = QuartzActionNotifier.Compile(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
