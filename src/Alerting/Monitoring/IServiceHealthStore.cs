namespace Alerting.Monitoring;

/// <summary>
/// Where the service monitor keeps the healthy-instance reports of services and judges them: in this process by default
/// (<see cref="InMemoryServiceHealthStore"/>), or in a store shared by several instances of an app (<c>Alerting.Redis</c>,
/// or your own: register it as the <see cref="IServiceHealthStore"/> singleton after <c>AddAlerting</c>), so the
/// instances reported to every replica count toward one minimum. Each call is one atomic step: it records the report
/// (if any), counts the instances healthy at the "now" the caller passes and, when given a minimum, flips the service's
/// stored degraded state if the count crossed it; so of several replicas judging the same change, exactly one is told
/// to raise <c>service.degraded</c> (or <c>service.recovered</c>). A store decides by the times it is given and keeps,
/// never by its own clock, so time-based tests stay meaningful.
/// </summary>
/// <remarks>
/// An instance counts as healthy from a report until its latest report plus the heartbeat timeout the caller passes; at
/// exactly that time it no longer does. A report older than the instance's latest one does not move it back, and a
/// judgement at a time before the state's last change does not change it (so a replica whose clock lags, or a call that
/// was delayed, cannot undo a newer decision and make the service flap). Service names are case-insensitive, instance
/// ids are not. A store may forget instances long expired, but keeps a service's degraded state as long as callers keep
/// checking it. The monitor calls the store outside its own lock, and may call it from several threads at once.
/// </remarks>
public interface IServiceHealthStore
{
    /// <summary>
    /// Records that <paramref name="instanceId"/> of <paramref name="service"/> is healthy at <paramref name="now"/>,
    /// then counts and judges the service as <see cref="CheckAsync"/> does, in the same atomic step.
    /// </summary>
    /// <param name="service">The service.</param>
    /// <param name="instanceId">The instance that reports.</param>
    /// <param name="now">When it reports, from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="instanceHeartbeatTimeout">How long after its latest report an instance counts as healthy.</param>
    /// <param name="minimumHealthyInstances">The minimum to judge against; <see langword="null"/> to count without judging (the state is left as it is).</param>
    /// <returns>The service's health at <paramref name="now"/>, and the change this call made, if any.</returns>
    ValueTask<ServiceHealth> ReportHealthyAsync(string service, string instanceId, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances);

    /// <summary>
    /// Counts the instances of <paramref name="service"/> healthy at <paramref name="now"/>, whoever reported them, and,
    /// when <paramref name="minimumHealthyInstances"/> is given, flips the service's stored state to degraded when fewer
    /// are healthy (or back when enough are): the caller that makes the flip is told of it in
    /// <see cref="ServiceHealth.Change"/>, and no other.
    /// </summary>
    /// <param name="service">The service.</param>
    /// <param name="now">When to judge, from the caller's <see cref="TimeProvider"/>.</param>
    /// <param name="instanceHeartbeatTimeout">How long after its latest report an instance counts as healthy.</param>
    /// <param name="minimumHealthyInstances">The minimum to judge against; <see langword="null"/> to count without judging (the state is left as it is).</param>
    /// <returns>The service's health at <paramref name="now"/>, and the change this call made, if any.</returns>
    ValueTask<ServiceHealth> CheckAsync(string service, DateTimeOffset now, TimeSpan instanceHeartbeatTimeout, int? minimumHealthyInstances);
}
