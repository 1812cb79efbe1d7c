namespace Alerting.Dispatch.Internal;

/// <summary>
/// Collects the outcomes of one event and completes when the last arrives: for PublishAndWaitAsync, and for the durable
/// outbox, which is told the event is done on the thread that records its last outcome (so a drained stop has written
/// every done before it closes the outbox).
/// </summary>
internal sealed class DeliveryTracker(AlertEvent alertEvent, IAlertOutbox? outbox = null)
{
    private readonly List<DeliveryOutcome> _outcomes = [];
    private readonly TaskCompletionSource<PublishResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One for routing itself, released once every action has been handed out.
    private int _pending = 1;

    public Task<PublishResult> Completion => _done.Task;

    /// <summary>Gets the outbox the event was written to, if any.</summary>
    public IAlertOutbox? Outbox => outbox;

    public void Expect() => Interlocked.Increment(ref _pending);

    public void RoutingDone() => Release();

    public void Complete(DeliveryOutcome outcome)
    {
        lock (_outcomes)
        {
            _outcomes.Add(outcome);
        }

        Release();
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            outbox?.Done(alertEvent.Id);
            lock (_outcomes)
            {
                _done.TrySetResult(new PublishResult(alertEvent, [.. _outcomes]));
            }
        }
    }
}
