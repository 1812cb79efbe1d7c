namespace Alerting.Monitoring;

/// <summary>What a call to an <see cref="IServiceHealthStore"/> did to a service's stored state.</summary>
public enum ServiceHealthChange
{
    /// <summary>Nothing: the state is as it was (or the call did not judge).</summary>
    None,

    /// <summary>Fewer instances than the minimum are healthy: the caller raises <c>service.degraded</c>.</summary>
    Degraded,

    /// <summary>The minimum is healthy again: the caller raises <c>service.recovered</c>.</summary>
    Recovered,
}
