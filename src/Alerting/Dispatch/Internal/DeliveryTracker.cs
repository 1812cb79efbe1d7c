namespace Alerting.Dispatch.Internal;

/// <summary>Collects the outcomes of one event published with PublishAndWaitAsync and completes when the last arrives.</summary>
internal sealed class DeliveryTracker(AlertEvent alertEvent)
{
    private readonly List<DeliveryOutcome> _outcomes = [];
    private readonly TaskCompletionSource<PublishResult> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // One for routing itself, released once every action has been handed out.
    private int _pending = 1;

    public Task<PublishResult> Completion => _done.Task;

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
            lock (_outcomes)
            {
                _done.TrySetResult(new PublishResult(alertEvent, [.. _outcomes]));
            }
        }
    }
}
