using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Validates the whole configuration (every channel, rule and template) the way dispatch will compile it, at start-up.
/// Once the first configuration runs, a change is the <see cref="ConfigurationReloader"/>'s to judge: failing it here
/// would throw on the thread that noticed the change instead of keeping the running configuration.
/// </summary>
internal sealed class AlertingOptionsValidator(AlertingCompiler compiler, ConfigurationState state) : IValidateOptions<AlertingOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        if (name != Options.DefaultName || state.IsRunning)
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = compiler.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
