using Alerting.Notifiers;
using Alerting.Monitoring.Internal;
using Microsoft.Extensions.Options;

namespace Alerting.Monitoring;

/// <summary>Validates a <c>job-run</c> action's options, naming each field with a problem.</summary>
internal sealed class JobRunActionOptionsValidator : IValidateOptions<JobRunActionOptions>
{
    public ValidateOptionsResult Validate(string? name, JobRunActionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Operation))
        {
            errors.Add($"Operation '{options.Operation}' is not one of Cancel.");
        }

        _ = HostActionTemplate.Compile(nameof(options.Job), options.Job, JobRunActionNotifier.DefaultJob, errors);
        _ = HostActionTemplate.Compile(nameof(options.RunId), options.RunId, JobRunActionNotifier.DefaultRunId, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
