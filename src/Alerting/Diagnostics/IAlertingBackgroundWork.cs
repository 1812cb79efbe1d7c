namespace Alerting.Diagnostics;

/// <summary>
/// Alerting's background work in this process, counted as it starts and ends, so that a test that drives a fake
/// <see cref="TimeProvider"/> (or a host that wants everything sent before it goes on) can wait until the work is done,
/// without sleeping or polling. Resolve it from the service provider; <c>Alerting.Testing</c> builds on it.
/// </summary>
/// <remarks>
/// <para>
/// Running work: an event from the moment it is published (or raised by a monitor, or as <c>delivery.failed</c>) until
/// every rule has routed it; a notification from the moment it is queued until its outcome is recorded; a timed
/// incident step (escalation level, group flush, delayed resolve) and a monitor deadline (a missed start, a run past its
/// time, a missed heartbeat, a service check) from the moment its timer fires until it has run and published what it
/// raised. A notification waiting for the clock, before a retry or for its channel's rate limit, is waiting for time,
/// not running, until the wait ends. Steps and deadlines not yet due are neither.
/// </para>
/// <para>
/// Work that starts other work counts it before it ends itself, so the counts never pass through zero while work is
/// handed on. With a fake clock (<c>FakeTimeProvider</c>) timers fire inside its <c>Advance</c>, so the work a step of
/// the clock starts is counted by the time <c>Advance</c> returns; with the system clock a step or deadline counts from
/// when its timer fires. Counting costs an interlocked operation at each start and end and allocates nothing; waiting
/// allocates only when the work is not already done.
/// </para>
/// </remarks>
public interface IAlertingBackgroundWork
{
    /// <summary>Gets how many units of work are running now.</summary>
    int Running { get; }

    /// <summary>Gets how many notifications are waiting for the clock: before a retry, or for their channel's rate limit.</summary>
    int WaitingForTime { get; }

    /// <summary>Gets whether nothing is running and nothing is waiting for the clock.</summary>
    bool IsIdle { get; }

    /// <summary>Waits until nothing is running and nothing is waiting for the clock.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once Alerting is idle.</returns>
    /// <remarks>
    /// With a fake clock, a notification waiting before a retry stays waiting until the clock is advanced past its
    /// time: use <see cref="WaitForSettledAsync"/> to wait for everything that can happen without the clock moving.
    /// </remarks>
    Task WaitForIdleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until Alerting has settled: nothing is running. Notifications waiting for the clock may remain
    /// (<see cref="WaitingForTime"/>); they run when the clock reaches their time.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once nothing is running.</returns>
    Task WaitForSettledAsync(CancellationToken cancellationToken = default);
}
