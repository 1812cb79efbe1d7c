using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>Registers the monitor as <see cref="IJobMonitor"/>, <see cref="IServiceMonitor"/> and a hosted service, and the in-process <see cref="IServiceHealthStore"/> and <see cref="IJobRunStore"/> unless others are registered.</summary>
internal static class MonitoringServiceCollectionExtensions
{
    /// <summary>Adds the monitor; called once by <c>AddAlerting</c>, after the dispatcher, so a host stops the monitor first.</summary>
    public static void AddMonitoring(this IServiceCollection services)
    {
        services.TryAddSingleton<IServiceHealthStore, InMemoryServiceHealthStore>();
        services.TryAddSingleton<IJobRunStore, InMemoryJobRunStore>();
        services.AddSingleton<JobMonitor>();
        services.AddSingleton<IJobMonitor>(sp => sp.GetRequiredService<JobMonitor>());
        services.AddSingleton<IServiceMonitor>(sp => sp.GetRequiredService<JobMonitor>());
        services.AddSingleton<IMonitorConfiguration>(sp => sp.GetRequiredService<JobMonitor>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<JobMonitor>());
    }
}
