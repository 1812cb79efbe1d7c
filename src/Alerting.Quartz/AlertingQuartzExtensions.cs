using Alerting.Monitoring;
using Alerting.Quartz;
using Microsoft.Extensions.DependencyInjection;

namespace Quartz;

/// <summary>Adds Alerting's job monitoring to Quartz.NET.</summary>
public static class AlertingQuartzExtensions
{
    /// <summary>
    /// Monitors every job of the scheduler configured with <c>services.AddQuartz(q => ...)</c>: each execution becomes a
    /// run of Alerting's <see cref="IJobMonitor"/> and each misfire a <c>job.start_missed</c>. Call
    /// <c>services.AddAlerting(...)</c> too; register job expectations (max run time, heartbeat...) there by the
    /// monitored job name.
    /// </summary>
    /// <param name="quartz">The Quartz configurator.</param>
    /// <param name="configure">Changes the job name mapping or turns misfire reports off.</param>
    /// <returns>The configurator.</returns>
    public static IServiceCollectionQuartzConfigurator AddAlertingMonitoring(this IServiceCollectionQuartzConfigurator quartz, Action<AlertingQuartzOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        var options = new AlertingQuartzOptions();
        configure?.Invoke(options);
        quartz.AddJobListener(sp => new AlertingJobListener(sp.GetRequiredService<IJobMonitor>(), options));
        quartz.AddTriggerListener(sp => new AlertingTriggerListener(sp.GetRequiredService<IJobMonitor>(), options));
        return quartz;
    }

    /// <summary>Monitors every job of a scheduler built without dependency injection.</summary>
    /// <param name="listeners">The scheduler's <see cref="IScheduler.ListenerManager"/>.</param>
    /// <param name="monitor">Alerting's job monitor.</param>
    /// <param name="options">The name mapping; defaults apply when <see langword="null"/>.</param>
    public static void AddAlertingMonitoring(this IListenerManager listeners, IJobMonitor monitor, AlertingQuartzOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(listeners);
        listeners.AddJobListener(new AlertingJobListener(monitor, options));
        listeners.AddTriggerListener(new AlertingTriggerListener(monitor, options));
    }
}
