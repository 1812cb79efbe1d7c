namespace Alerting.Monitoring;

/// <summary>A service's health as an <see cref="IServiceHealthStore"/> counted it: its instances at one time, its state, and what the call changed.</summary>
public sealed class ServiceHealth
{
    /// <summary>Gets the instances healthy at the time given, sorted by ordinal.</summary>
    public required IReadOnlyList<string> HealthyInstances { get; init; }

    /// <summary>Gets the instances that reported once but no longer count as healthy (while the store keeps them), sorted by ordinal.</summary>
    public required IReadOnlyList<string> UnhealthyInstances { get; init; }

    /// <summary>Gets whether the service's stored state is degraded after the call.</summary>
    public bool IsDegraded { get; init; }

    /// <summary>Gets the change this call made to the stored state: the caller raises the matching event.</summary>
    /// <value><see cref="ServiceHealthChange.None"/> unless this call flipped the state.</value>
    public ServiceHealthChange Change { get; init; }

    /// <summary>Gets when the first of the healthy instances stops counting unless it reports again.</summary>
    /// <value><see langword="null"/> when no instance is healthy.</value>
    public DateTimeOffset? NextExpiry { get; init; }
}
