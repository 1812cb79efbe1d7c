namespace Alerting.Diagnostics;

/// <summary>
/// Which configuration Alerting runs on, and what became of the last change: rules, channels (their templates, options
/// and secrets), silences, escalation policies, jobs and services are recompiled when the configuration changes
/// (<c>reloadOnChange</c> files, or <c>IOptionsMonitor</c> changes from code) and swapped in whole; a change with
/// problems is rejected and the configuration before it keeps running.
/// </summary>
public sealed class AlertingConfigurationStatus
{
    internal AlertingConfigurationStatus(int version, DateTimeOffset appliedAt, IReadOnlyList<string> rejectedProblems, DateTimeOffset? rejectedAt)
    {
        Version = version;
        AppliedAt = appliedAt;
        RejectedProblems = rejectedProblems;
        RejectedAt = rejectedAt;
    }

    /// <summary>Gets the number of the configuration running: 1 at start, one more per change applied.</summary>
    public int Version { get; }

    /// <summary>Gets when the running configuration was applied.</summary>
    public DateTimeOffset AppliedAt { get; }

    /// <summary>
    /// Gets every problem of the last change that was rejected, each naming the channel or rule, the field and any
    /// template position; empty when the last change was applied (or none was made).
    /// </summary>
    public IReadOnlyList<string> RejectedProblems { get; }

    /// <summary>Gets when the last change was rejected, or <see langword="null"/> when the last change was applied.</summary>
    public DateTimeOffset? RejectedAt { get; }
}
