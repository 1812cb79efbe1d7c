namespace Alerting.Monitoring.Internal;

/// <summary>A service's validated expectations, copied from its <see cref="MonitoredServiceOptions"/>.</summary>
internal sealed record ServiceDefinition(string Name, int MinimumHealthyInstances, TimeSpan InstanceHeartbeatTimeout, string? Environment)
{
    public static ServiceDefinition From(string name, MonitoredServiceOptions options) =>
        new(name, options.MinimumHealthyInstances, options.InstanceHeartbeatTimeout, options.Environment);
}
