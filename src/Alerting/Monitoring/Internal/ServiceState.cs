namespace Alerting.Monitoring.Internal;

/// <summary>
/// What the monitor keeps of a service: its expectations and when it is checked next; its instances and whether it is
/// degraded live in the <see cref="IServiceHealthStore"/>. Guarded by the monitor's lock.
/// </summary>
internal sealed class ServiceState(ServiceDefinition definition, bool checkedYet)
{
    public ServiceDefinition Definition { get; set; } = definition;

    public string Name => Definition.Name;

    /// <summary>Whether the service is judged yet: a registered one after its first check, an unregistered one from its first report.</summary>
    public bool Checked { get; set; } = checkedYet;

    /// <summary>When the earliest queued check is due; a queued check due at another time is stale and dropped.</summary>
    public DateTimeOffset? CheckQueuedFor { get; set; }
}
