using Alerting.Hangfire;
using Alerting.Monitoring;

namespace Hangfire;

/// <summary>Adds Alerting's job monitoring to Hangfire.</summary>
public static class AlertingHangfireExtensions
{
    /// <summary>
    /// Monitors every Hangfire job: each performance becomes a run of Alerting's <see cref="IJobMonitor"/>, with
    /// retries as attempts. With dependency injection:
    /// <c>services.AddHangfire((sp, c) => c.UseAlertingMonitoring(sp.GetRequiredService&lt;IJobMonitor&gt;()))</c>.
    /// </summary>
    /// <param name="configuration">Hangfire's configuration.</param>
    /// <param name="monitor">Alerting's job monitor.</param>
    /// <param name="configure">Changes the job name mapping.</param>
    /// <returns>The configuration.</returns>
    public static IGlobalConfiguration UseAlertingMonitoring(this IGlobalConfiguration configuration, IJobMonitor monitor, Action<AlertingHangfireOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new AlertingHangfireOptions();
        configure?.Invoke(options);
        return configuration.UseFilter(new AlertingJobFilter(monitor, options));
    }
}
