using System.Collections.Concurrent;
using Alerting.Diagnostics;

namespace Alerting.IntegrationTests.Schedulers;

/// <summary>The notification history, which also lets a test wait for an outcome to be recorded (bounded by <see cref="JobEventSink.Guard"/>).</summary>
internal sealed class OutcomeSignal : INotificationHistoryStore
{
    private readonly InMemoryNotificationHistoryStore _inner = new();
    private readonly ConcurrentQueue<(Func<DeliveryOutcome, bool> Match, TaskCompletionSource<DeliveryOutcome> Done)> _waiters = new();
    private readonly ConcurrentQueue<DeliveryOutcome> _recorded = new();

    public IReadOnlyList<DeliveryOutcome> Recorded => [.. _recorded];

    public void Append(DeliveryOutcome outcome)
    {
        _inner.Append(outcome);
        _recorded.Enqueue(outcome);
        foreach (var (match, done) in _waiters)
        {
            if (match(outcome))
            {
                done.TrySetResult(outcome);
            }
        }
    }

    /// <summary>Waits for the first outcome recorded for <paramref name="channel"/> (from now on, or already recorded).</summary>
    public async Task<DeliveryOutcome> ForChannelAsync(string channel, string? eventType = null, DeliveryOutcomeStatus? status = null)
    {
        bool Match(DeliveryOutcome o) => o.ChannelName == channel && (eventType is null || o.EventType == eventType) && (status is null || o.Status == status);
        var done = new TaskCompletionSource<DeliveryOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue((Match, done));
        if (_recorded.FirstOrDefault(Match) is { } already)
        {
            return already;
        }

        try
        {
            return await done.Task.WaitAsync(JobEventSink.Guard);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Timed out after {JobEventSink.Guard} waiting for an outcome on {channel}. Recorded: {string.Join("; ", Recorded)}");
            throw;
        }
    }

    public ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default) =>
        _inner.GetRecentAsync(maxCount, cancellationToken);

    public ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        _inner.GetCountsAsync(since, until, cancellationToken);
}
