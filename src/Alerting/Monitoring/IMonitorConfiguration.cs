namespace Alerting.Monitoring;

/// <summary>Where a configuration change the reloader applied reaches the monitor: its jobs and services.</summary>
internal interface IMonitorConfiguration
{
    /// <summary>Takes the monitored jobs and services of a changed configuration, already validated.</summary>
    void Apply(MonitoringSettings options);
}
