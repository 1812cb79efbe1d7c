using Alerting.Monitoring;

namespace Alerting;

/// <summary>Registers monitored jobs and services.</summary>
public static class MonitoringAlertingBuilderExtensions
{
    /// <summary>Registers a monitored job, or changes the one of that name (for example one from <c>Alerting:Jobs</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The job name runs are started with (case-insensitive).</param>
    /// <param name="configure">Sets the job's schedule and deadlines.</param>
    /// <returns>The builder.</returns>
    /// <example><code>alerting.AddJob("nightly-import", job => { job.Schedule = "0 0 2 * * *"; job.TimeZone = "Europe/Berlin"; job.MaxRunTime = TimeSpan.FromHours(1); });</code></example>
    public static AlertingBuilder AddJob(this AlertingBuilder builder, string name, Action<MonitoredJobOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureNamed(o => o.Jobs, name, configure);
    }

    /// <summary>Registers a monitored service, or changes the one of that name (for example one from <c>Alerting:Services</c>).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="name">The service name instances report with (case-insensitive).</param>
    /// <param name="configure">Sets the minimum healthy instances and the instance heartbeat timeout.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddService(this AlertingBuilder builder, string name, Action<MonitoredServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ConfigureNamed(o => o.Services, name, configure);
    }
}
