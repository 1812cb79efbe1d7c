using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.Dispatch;

/// <summary>
/// A configuration whose routing can be brought to a deterministic standstill: one channel with one worker and a
/// channel queue of one, behind a gate. <see cref="BlockAsync"/> leaves one event in the notifier, one in the
/// channel queue and one held by routing, so the event queue is empty and nothing leaves it until the gate opens.
/// </summary>
internal sealed class BlockedRouting
{
    public const string ChannelName = "slow";
    public const string RuleName = "all-failures";

    private readonly EventSignals _routed;

    private BlockedRouting(DispatchRig rig, RecordingSink sink, EventSignals routed)
    {
        Rig = rig;
        _routed = routed;
        Sink = sink;
        Gate = rig.NewGate();
        sink.Respond = Gate.Respond;
    }

    public DispatchRig Rig { get; }

    public RecordingSink Sink { get; }

    public Gate Gate { get; }

    /// <summary>Creates the rig; the event queue holds <paramref name="queueCapacity"/> events.</summary>
    public static BlockedRouting Create(QueueFullMode mode, int queueCapacity = 2, Action<IServiceCollection>? services = null, Action<AlertingOptions>? options = null)
    {
        RecordingSink sink = null!;
        var routed = new EventSignals();
        var rig = DispatchRig.Create(
            a => a
                .Configure(o =>
                {
                    o.QueueCapacity = queueCapacity;
                    o.QueueFullMode = mode;
                    options?.Invoke(o);
                })
                .AddRecording(ChannelName, out sink)
                .ConfigureChannel(ChannelName, c =>
                {
                    c.MaxConcurrency = 1;
                    c.QueueCapacity = 1;
                })
                .AddRule(RuleName, r => r.ForTypes(AlertEventTypes.JobFailed).When(e =>
                {
                    routed.Set(e.Id);
                    return true;
                }).Notify(ChannelName)),
            services);
        return new BlockedRouting(rig, sink, routed);
    }

    /// <summary>Publishes three events and returns once routing is stuck holding the third.</summary>
    public async Task<IReadOnlyList<AlertEvent>> BlockAsync()
    {
        var publisher = Rig.Publisher;
        var inNotifier = Some.Problem();
        await publisher.PublishAsync(inNotifier);
        await Gate.WaitForEnteredAsync(1);

        var inChannelQueue = Some.Problem();
        await publisher.PublishAsync(inChannelQueue);
        await _routed.WaitAsync(inChannelQueue.Id);

        var heldByRouting = Some.Problem();
        await publisher.PublishAsync(heldByRouting);
        await _routed.WaitAsync(heldByRouting.Id);
        return [inNotifier, inChannelQueue, heldByRouting];
    }
}
