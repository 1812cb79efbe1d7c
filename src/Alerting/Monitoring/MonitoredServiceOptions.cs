using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>
/// What a monitored service is expected to have. Registered with <c>AddService("name", service => ...)</c> or bound
/// from <c>Alerting:Services:{name}</c>.
/// </summary>
public sealed class MonitoredServiceOptions
{
    /// <summary>
    /// Gets or sets how many instances must be healthy; fewer raises <c>service.degraded</c>, and as many again
    /// <c>service.recovered</c>. A registered service is first checked one <see cref="InstanceHeartbeatTimeout"/>
    /// after monitoring starts, so instances have time to report.
    /// </summary>
    /// <value>Defaults to 1.</value>
    public int MinimumHealthyInstances { get; set; } = 1;

    /// <summary>Gets or sets how long an instance counts as healthy after its last <see cref="IServiceMonitor.ReportHealthy"/>.</summary>
    /// <value>Defaults to 1 minute.</value>
    public TimeSpan InstanceHeartbeatTimeout { get; set; } = MonitoringConstants.DefaultInstanceHeartbeatTimeout;

    /// <summary>Gets or sets the environment the service runs in, given to its events.</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="AlertingOptions.Environment"/>.</value>
    public string? Environment { get; set; }
}
