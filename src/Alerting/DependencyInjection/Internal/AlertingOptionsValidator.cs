using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>Validates the whole configuration (every channel, rule and template) the way dispatch will compile it.</summary>
internal sealed class AlertingOptionsValidator(AlertingCompiler compiler) : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = compiler.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
