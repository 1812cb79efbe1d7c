using Hangfire.Common;
using Hangfire.Server;

namespace Alerting.Hangfire;

/// <summary>How Hangfire jobs map to Alerting's monitored jobs.</summary>
public sealed class AlertingHangfireOptions
{
    /// <summary>
    /// Gets or sets the monitored job name for a Hangfire job: the <see cref="AlertEvent.Source"/> of its events, and
    /// the name its expectations are registered under (<c>AddJob</c>, <c>Alerting:Jobs</c>).
    /// </summary>
    /// <value>Defaults to the recurring job id for recurring jobs, else <c>Type.Method</c> of the job's method.</value>
    public Func<PerformContext, string> JobName { get; set; } = DefaultJobName;

    /// <summary>The default <see cref="JobName"/>.</summary>
    /// <param name="context">The job being performed.</param>
    /// <returns>The name.</returns>
    public static string DefaultJobName(PerformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.GetJobParameter<string>("RecurringJobId", allowStale: true) is { Length: > 0 } recurring
            ? recurring
            : MethodName(context.BackgroundJob.Job);
    }

    private static string MethodName(Job job) => $"{job.Type.Name}.{job.Method.Name}";
}
