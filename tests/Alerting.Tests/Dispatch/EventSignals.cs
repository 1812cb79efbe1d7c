using System.Collections.Concurrent;

namespace Alerting.Tests.Dispatch;

/// <summary>One signal per event id: set from inside the pipeline (a rule predicate, a notifier), awaited by the test.</summary>
internal sealed class EventSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    public void Set(string eventId) => Get(eventId).TrySetResult();

    /// <summary>Waits (bounded) until <see cref="Set"/> is called for the event.</summary>
    public Task WaitAsync(string eventId) => Get(eventId).Task.WaitAsync(TimerClock.Guard);

    private TaskCompletionSource Get(string eventId) =>
        _signals.GetOrAdd(eventId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
