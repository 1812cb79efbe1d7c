namespace Alerting.Monitoring;

/// <summary>
/// Tracks the healthy instances of services and raises <c>service.degraded</c> when fewer than a service's minimum
/// report in time, and <c>service.recovered</c> when enough are back. Registered by <c>services.AddAlerting(...)</c>;
/// thread-safe. Services are registered with <c>AddService</c> or under <c>Alerting:Services</c>; an unregistered
/// service is tracked with the defaults of <see cref="MonitoredServiceOptions"/> from its first report.
/// </summary>
public interface IServiceMonitor
{
    /// <summary>
    /// Reports that an instance of a service is healthy now. An instance that does not report again within the
    /// service's <see cref="MonitoredServiceOptions.InstanceHeartbeatTimeout"/> stops counting as healthy. Without a
    /// host, the first call also starts the background checker.
    /// </summary>
    /// <param name="service">The service name: the <see cref="AlertEvent.Source"/> of the events raised (case-insensitive).</param>
    /// <param name="instanceId">Identifies the instance (a host name, a pod name).</param>
    /// <exception cref="ArgumentException"><paramref name="service"/> or <paramref name="instanceId"/> is empty.</exception>
    void ReportHealthy(string service, string instanceId);
}
