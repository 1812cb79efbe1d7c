using System.Collections.Concurrent;
using Alerting.Notifiers;

namespace Alerting.Tests.Support;

/// <summary>Options of a <see cref="RecordingNotifier"/> channel; each channel gets its own sink.</summary>
public sealed class RecordingNotifierOptions
{
    public RecordingSink Sink { get; set; } = new();

    public NotifierCapabilities Capabilities { get; set; } = NotifierCapabilities.PlainText;
}

/// <summary>What a recording channel received, and how it should answer.</summary>
public sealed class RecordingSink
{
    private readonly ConcurrentQueue<Notification> _received = new();
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];

    /// <summary>Answers each call; defaults to delivered. May await, throw or hang.</summary>
    public Func<Notification, CancellationToken, ValueTask<DeliveryResult>> Respond { get; set; } =
        (_, _) => ValueTask.FromResult(DeliveryResult.Delivered());

    public IReadOnlyList<Notification> Received => [.. _received];

    /// <summary>Completes once <paramref name="count"/> notifications have arrived (for steps that run on timers), failing after 10 s.</summary>
    public Task WaitForAsync(int count)
    {
        lock (_waiters)
        {
            if (_received.Count >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    internal ValueTask<DeliveryResult> Receive(Notification notification, CancellationToken cancellationToken)
    {
        _received.Enqueue(notification);
        lock (_waiters)
        {
            foreach (var waiter in _waiters.Where(w => w.Count <= _received.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                _waiters.Remove(waiter);
            }
        }

        return Respond(notification, cancellationToken);
    }
}

/// <summary>A notifier for tests: records every notification and answers as its sink says.</summary>
public sealed class RecordingNotifier(RecordingNotifierOptions options) : INotifier
{
    public NotifierCapabilities Capabilities => options.Capabilities;

    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken) =>
        options.Sink.Receive(notification, cancellationToken);
}
