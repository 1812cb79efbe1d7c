namespace Alerting;

/// <summary>
/// Thrown when the Alerting configuration is invalid. Lists every problem at once, each naming the channel or rule,
/// the field and, for templates, the position.
/// </summary>
public sealed class AlertingConfigurationException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    /// <param name="errors">The problems, one sentence each.</param>
    public AlertingConfigurationException(IReadOnlyList<string> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception.</summary>
    public AlertingConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with one problem.</summary>
    /// <param name="message">The problem.</param>
    public AlertingConfigurationException(string message)
        : this([message])
    {
    }

    /// <summary>Creates the exception with one problem and its cause.</summary>
    /// <param name="message">The problem.</param>
    /// <param name="innerException">The cause.</param>
    public AlertingConfigurationException(string message, Exception innerException)
        : base(FormatMessage([message]), innerException)
    {
        Errors = [message];
    }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Errors { get; }

    private static string FormatMessage(IReadOnlyList<string> errors) => errors.Count switch
    {
        0 => "The Alerting configuration is invalid.",
        1 => "The Alerting configuration is invalid: " + errors[0],
        _ => $"The Alerting configuration has {errors.Count} problems:{System.Environment.NewLine}- " +
             string.Join(System.Environment.NewLine + "- ", errors),
    };
}
