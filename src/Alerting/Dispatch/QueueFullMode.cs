namespace Alerting;

/// <summary>What <see cref="IAlertPublisher.PublishAsync"/> does when the event queue is full.</summary>
public enum QueueFullMode
{
    /// <summary>
    /// Wait for room: the call completes once the event is queued, or is cancelled by its token. Publishers that find
    /// the queue full resume together once dispatch has worked it down to half its capacity.
    /// </summary>
    Wait = 0,

    /// <summary>Queue the new event and drop the oldest queued one; drops are logged, counted and recorded in the history.</summary>
    DropOldest = 1,

    /// <summary>Throw <see cref="AlertQueueFullException"/>.</summary>
    Reject = 2,
}
