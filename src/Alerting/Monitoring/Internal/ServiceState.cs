namespace Alerting.Monitoring.Internal;

/// <summary>A service's monitoring state; guarded by the monitor's lock.</summary>
internal sealed class ServiceState(ServiceDefinition definition, bool checkedYet)
{
    public ServiceDefinition Definition { get; set; } = definition;

    public string Name => Definition.Name;

    /// <summary>Every instance that ever reported, healthy or expired, by id.</summary>
    public Dictionary<string, InstanceState> Instances { get; } = new(StringComparer.Ordinal);

    public int HealthyCount { get; set; }

    /// <summary>Whether the service is judged yet: a registered one after its first check, an unregistered one from its first report.</summary>
    public bool Checked { get; set; } = checkedYet;

    public bool Degraded { get; set; }
}

/// <summary>One instance of a service; guarded by the monitor's lock.</summary>
internal sealed class InstanceState(ServiceState service, string id)
{
    public ServiceState Service { get; } = service;

    public string Id { get; } = id;

    public DateTimeOffset LastSeen { get; set; }

    public bool Healthy { get; set; }

    /// <summary>Whether an expiry deadline for this instance is in the queue (at most one is).</summary>
    public bool Queued { get; set; }
}
