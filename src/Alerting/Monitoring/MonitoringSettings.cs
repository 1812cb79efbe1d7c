namespace Alerting.Monitoring;

/// <summary>What the monitor reads from the configuration: the monitored jobs and services, by name.</summary>
internal sealed class MonitoringSettings
{
    public Dictionary<string, MonitoredJobOptions> Jobs { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, MonitoredServiceOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
