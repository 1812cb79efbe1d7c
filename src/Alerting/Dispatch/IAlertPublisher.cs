namespace Alerting;

/// <summary>Accepts events for background dispatch. Registered by <c>services.AddAlerting(...)</c>; thread-safe.</summary>
public interface IAlertPublisher
{
    /// <summary>
    /// Queues an event and returns once it is accepted, without touching the network. A provider's failure never
    /// surfaces here: deliveries are retried in the background, then recorded and raised as <c>delivery.failed</c> events.
    /// </summary>
    /// <param name="alertEvent">The event.</param>
    /// <param name="cancellationToken">Cancels waiting for room when the queue is full and <see cref="QueueFullMode.Wait"/> is set.</param>
    /// <returns>A task that completes once the event is queued.</returns>
    /// <exception cref="AlertQueueFullException">The queue is full and <see cref="QueueFullMode.Reject"/> is set.</exception>
    /// <exception cref="InvalidOperationException">Alerting has stopped.</exception>
    /// <exception cref="AlertingConfigurationException">The configuration is invalid (reported on first use when no host validated it at start).</exception>
    ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues an event and waits until every action it triggered has a final outcome (delivered, failed after retries,
    /// suppressed or skipped). For console jobs that exit right after, and for tests.
    /// </summary>
    /// <param name="alertEvent">The event.</param>
    /// <param name="cancellationToken">Stops waiting; the deliveries themselves go on.</param>
    /// <returns>The outcome of each action, in the order they finished.</returns>
    /// <exception cref="AlertQueueFullException">The queue is full and <see cref="QueueFullMode.Reject"/> is set.</exception>
    /// <exception cref="InvalidOperationException">Alerting has stopped.</exception>
    Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default);
}
