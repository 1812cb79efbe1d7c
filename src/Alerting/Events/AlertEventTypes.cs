namespace Alerting;

/// <summary>
/// The well-known values of <see cref="AlertEvent.Type"/>. Any other string is a custom event type.
/// </summary>
public static class AlertEventTypes
{
    /// <summary>A job run finished successfully.</summary>
    public const string JobSucceeded = "job.succeeded";

    /// <summary>A job run failed.</summary>
    public const string JobFailed = "job.failed";

    /// <summary>A job run went past its maximum run time.</summary>
    public const string JobTimedOut = "job.timed_out";

    /// <summary>A job run stopped sending heartbeats.</summary>
    public const string JobHeartbeatMissed = "job.heartbeat_missed";

    /// <summary>A scheduled job did not start within its grace period.</summary>
    public const string JobStartMissed = "job.start_missed";

    /// <summary>A job run finished, but later than expected.</summary>
    public const string JobFinishLate = "job.finish_late";

    /// <summary>A service fell below its minimum number of healthy instances.</summary>
    public const string ServiceDegraded = "service.degraded";

    /// <summary>A service is back at or above its minimum number of healthy instances.</summary>
    public const string ServiceRecovered = "service.recovered";

    /// <summary>
    /// Raised by Alerting itself when a notification could not be delivered after its retries,
    /// so that rules can route it to a fallback channel.
    /// </summary>
    public const string DeliveryFailed = "delivery.failed";

    /// <summary>
    /// Raised by Alerting when someone posts a human update on an incident (<c>IIncidentManager.UpdateAsync</c>), with
    /// attributes <c>incident_id</c>, <c>incident_key</c>, <c>phase</c>, <c>audience</c> and <c>updated_by</c>, so that
    /// rules can route updates to further audiences. Rules never open incidents for it.
    /// </summary>
    public const string IncidentUpdated = "incident.updated";

    /// <summary>
    /// A health check became degraded. Raised by <c>Alerting.HealthChecks</c>' publisher when a check of the app's
    /// <c>HealthReport</c> enters that state: source the check's name, dedup key <c>health:{check}</c>.
    /// </summary>
    public const string HealthDegraded = "health.degraded";

    /// <summary>A health check became unhealthy; raised as <see cref="HealthDegraded"/> is, with the same dedup key.</summary>
    public const string HealthUnhealthy = "health.unhealthy";

    /// <summary>
    /// A health check that was degraded or unhealthy is healthy again: a resolved event with the same dedup key, which
    /// also resolves the <see cref="HealthDegraded"/> and <see cref="HealthUnhealthy"/> incidents of the same source.
    /// </summary>
    public const string HealthRecovered = "health.recovered";

    /// <summary>All the well-known types, in declaration order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        JobSucceeded, JobFailed, JobTimedOut, JobHeartbeatMissed, JobStartMissed, JobFinishLate,
        ServiceDegraded, ServiceRecovered, DeliveryFailed, IncidentUpdated,
        HealthDegraded, HealthUnhealthy, HealthRecovered,
    ];
}
