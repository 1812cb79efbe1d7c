using System.Collections.Concurrent;

namespace Alerting.Tests.Monitoring;

/// <summary>A publisher that records what it is given, in order, and dispatches nothing.</summary>
internal sealed class RecordingPublisher : IAlertPublisher
{
    public ConcurrentQueue<AlertEvent> Events { get; } = new();

    public ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(alertEvent);
        return ValueTask.CompletedTask;
    }

    public Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The monitor only queues events.");
}
