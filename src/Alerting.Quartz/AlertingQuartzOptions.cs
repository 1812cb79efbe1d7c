using Quartz;

namespace Alerting.Quartz;

/// <summary>How Quartz jobs map to Alerting's monitored jobs.</summary>
public sealed class AlertingQuartzOptions
{
    /// <summary>
    /// Gets or sets the monitored job name for a Quartz job key: the <see cref="AlertEvent.Source"/> of its events, and
    /// the name its expectations are registered under (<c>AddJob</c>, <c>Alerting:Jobs</c>).
    /// </summary>
    /// <value>Defaults to the key's name for the <c>DEFAULT</c> group, else <c>group.name</c>.</value>
    public Func<JobKey, string> JobName { get; set; } = DefaultJobName;

    /// <summary>Gets or sets whether misfires are reported as <c>job.start_missed</c>.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool ReportMisfires { get; set; } = true;

    /// <summary>The default <see cref="JobName"/>.</summary>
    /// <param name="key">The Quartz job key.</param>
    /// <returns>The name.</returns>
    public static string DefaultJobName(JobKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Group == JobKey.DefaultGroup ? key.Name : $"{key.Group}.{key.Name}";
    }
}
