using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Alerting.Diagnostics;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The channel queues (stage 5 of the flow): hands each action's delivery to its channel's bounded queue, and runs per
/// channel as many workers as its concurrency allows, each rendering and delivering through the <see cref="DeliveryProcessor"/>.
/// Once <paramref name="shed"/> is cancelled nothing more is queued or sent, and what is left is recorded as failed.
/// </summary>
/// <param name="recorder">Records what is skipped or never sent.</param>
/// <param name="work">Counts each delivery from the moment it is handed over until its outcome is recorded.</param>
/// <param name="shed">Cancelled when stopping ran out of time.</param>
/// <param name="abort">Cancelled when requests already sent must end too.</param>
internal sealed class ChannelQueues(OutcomeRecorder recorder, BackgroundWork work, CancellationToken shed, CancellationToken abort)
{
    private readonly object _lock = new();
    private (DeliveryChannel Channel, Task[] Workers)[] _running = [];

    /// <summary>Gets the running workers of every channel, those of a configuration being replaced included.</summary>
    public Task[] Workers
    {
        get
        {
            lock (_lock)
            {
                return [.. _running.SelectMany(r => r.Workers)];
            }
        }
    }

    /// <summary>Starts the workers of every channel of <paramref name="compiled"/>, beside those already running.</summary>
    public void StartWorkers(CompiledAlerting compiled, DeliveryProcessor processor)
    {
        var started = compiled.Targets.Select(channel => (channel, Enumerable.Range(0, Math.Max(1, channel.Options.MaxConcurrency))
            .Select(_ => Task.Run(() => WorkAsync(channel, processor))).ToArray())).ToArray();
        lock (_lock)
        {
            _running = [.. _running, .. started];
        }
    }

    /// <summary>
    /// Closes the queues of the channels of a configuration that was replaced (no routing step uses it any more): their
    /// workers deliver what was queued to them, then end, and the channels are forgotten.
    /// </summary>
    public async Task RetireAsync(IReadOnlyList<DeliveryChannel> channels)
    {
        foreach (var channel in channels)
        {
            channel.Queue.Complete();
        }

        Task[] workers;
        lock (_lock)
        {
            workers = [.. _running.Where(r => channels.Contains(r.Channel)).SelectMany(r => r.Workers)];
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        lock (_lock)
        {
            _running = [.. _running.Where(r => !channels.Contains(r.Channel))];
        }
    }

    /// <summary>Queues a delivery per action; for an incident, returns the channels that were handed one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<List<string>?> QueueAsync(Envelope envelope, CompiledAction[] actions, IncidentContext? incident, NotificationKind? kind = null)
    {
        var e = envelope.Event;
        var queued = incident is null ? null : new List<string>();
        foreach (var action in actions)
        {
            envelope.Tracker?.Expect();
            var delivery = new Delivery(envelope, action, kind ?? (e.Status == AlertStatus.Resolved ? NotificationKind.Resolve : NotificationKind.Trigger), incident);
            if (delivery.Channel.SkipReason(e) is { } skip)
            {
                recorder.HeldBack(delivery, DeliveryOutcomeStatus.Skipped, $"Channel {action.Target.Name} does not serve this event ({skip}).", skip);
                continue;
            }

            if (delivery.Kind == NotificationKind.Resolve && !action.SendsResolved)
            {
                recorder.HeldBack(delivery, DeliveryOutcomeStatus.Skipped, $"Rule {action.Rule.Name}'s action on channel {action.Target.Name} does not send resolve notifications (SendResolved is off).", DeliveryReasonTags.ResolveDisabled);
                continue;
            }

            if (shed.IsCancellationRequested)
            {
                recorder.Failed(delivery, "Alerting stopped before the notification was queued.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
                continue;
            }

            await HandOverAsync(delivery).ConfigureAwait(false);
            queued?.Add(action.Target.Name);
        }

        return queued;
    }

    /// <summary>
    /// Queues a delivery on its channel, counted as running work until its outcome is recorded; waits for room when the
    /// queue is full, and records it as failed when stopping closes the queue first.
    /// </summary>
    public ValueTask HandOverAsync(Delivery delivery)
    {
        work.Enter();
        return delivery.Channel.Queue.TryWrite(delivery) ? ValueTask.CompletedTask : WaitForChannelAsync(delivery);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitForChannelAsync(Delivery delivery)
    {
        try
        {
            await delivery.Channel.Queue.WriteAsync(delivery, shed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            recorder.Failed(delivery, "Alerting stopped before the notification was queued.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
            work.Exit();
        }
    }

    /// <summary>Closes every channel queue: the workers finish what is queued, then end.</summary>
    public void Complete()
    {
        foreach (var channel in Channels())
        {
            channel.Queue.Complete();
        }
    }

    /// <summary>Records what is still in a channel queue as failed (routing may have queued it after the channel's workers had left).</summary>
    public void RecordLeft()
    {
        foreach (var channel in Channels())
        {
            RecordLeft(channel.Queue);
        }
    }

    private DeliveryChannel[] Channels()
    {
        lock (_lock)
        {
            return [.. _running.Select(r => r.Channel)];
        }
    }

    private async Task WorkAsync(DeliveryChannel channel, DeliveryProcessor processor)
    {
        var queue = channel.Queue;
        using var slot = new WorkerSlot(abort);
        try
        {
            while (await queue.WaitToReadAsync(shed).ConfigureAwait(false))
            {
                while (!shed.IsCancellationRequested && queue.TryRead(out var delivery))
                {
                    try
                    {
                        await processor.DeliverAsync(delivery, slot).ConfigureAwait(false);
                    }
                    finally
                    {
                        work.Exit();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (shed.IsCancellationRequested)
        {
            // Stopping ran out of time: what is still queued is recorded below.
        }

        RecordLeft(queue);
    }

    private void RecordLeft(WorkQueue<Delivery> queue)
    {
        while (queue.TryRead(out var left))
        {
            recorder.Failed(left, "Alerting stopped before the notification was delivered.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
            work.Exit();
        }
    }
}
