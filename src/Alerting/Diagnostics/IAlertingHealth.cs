namespace Alerting.Diagnostics;

/// <summary>
/// The state of Alerting itself, for health checks and dashboards: the event queue, each channel (circuit, queue, recent
/// outcomes), the outbox backlog and the shared store. Reading it waits for nothing and changes nothing; it never starts
/// dispatch. <c>Alerting.HealthChecks</c> turns it into a health check result.
/// </summary>
public interface IAlertingHealth
{
    /// <summary>Reads the current state.</summary>
    /// <param name="window">
    /// How far back the channels' recent outcomes are counted, to the minute: the current minute and the whole minutes
    /// before it; at most <see cref="AlertingHealthSnapshot.MaxWindow"/>, <see cref="AlertingHealthSnapshot.DefaultWindow"/> when
    /// <see langword="null"/>.
    /// </param>
    /// <returns>A snapshot taken now.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="window"/> is not positive or longer than an hour.</exception>
    AlertingHealthSnapshot GetSnapshot(TimeSpan? window = null);
}
