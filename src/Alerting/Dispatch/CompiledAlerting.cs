using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;

namespace Alerting.Dispatch;

/// <summary>
/// The validated configuration in its run-time form: one version of it. When a change replaces it, routing steps
/// already under way finish on it (<see cref="TryEnter"/>), its channels deliver what was queued to them, and then its
/// notifiers are disposed.
/// </summary>
internal sealed class CompiledAlerting(RuleIndex rules, IReadOnlyDictionary<string, DeliveryChannel> channels, IReadOnlyList<DeliveryChannel> targets, IReadOnlyList<Silence> silences, TimeIntervalCatalog? timeIntervals = null)
{
    public RuleIndex Rules { get; } = rules;

    /// <summary>The configured channels by name.</summary>
    public IReadOnlyDictionary<string, DeliveryChannel> Channels { get; } = channels;

    /// <summary>Every queue with workers: the channels and one per host-callback action.</summary>
    public IReadOnlyList<DeliveryChannel> Targets { get; } = targets;

    /// <summary>The silences from configuration.</summary>
    public IReadOnlyList<Silence> Silences { get; } = silences;

    /// <summary>The time intervals from configuration, which silences added at run time may name.</summary>
    public TimeIntervalCatalog TimeIntervals { get; } = timeIntervals ?? TimeIntervalCatalog.Empty;

    /// <summary>The inhibitions from configuration.</summary>
    public InhibitionSet Inhibitions { get; init; } = InhibitionSet.None;

    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _users;
    private int _retired;
    private int _disposed;

    /// <summary>
    /// Takes a lease on this configuration for one routing step (an event routed, an escalation, a hand-made
    /// acknowledgement), so its channel queues stay open until the step has queued what it routes; false once it has
    /// been replaced, when the caller takes the configuration that replaced it instead.
    /// </summary>
    public bool TryEnter()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _retired) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    /// <summary>Ends a lease taken with <see cref="TryEnter"/>.</summary>
    public void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _retired) != 0)
        {
            _released.TrySetResult();
        }
    }

    /// <summary>Marks this configuration replaced: no new lease; completes when the last lease has ended.</summary>
    public Task RetireAsync()
    {
        Interlocked.Exchange(ref _retired, 1);
        if (Volatile.Read(ref _users) == 0)
        {
            _released.TrySetResult();
        }

        return _released.Task;
    }

    /// <summary>Disposes the notifiers of this configuration, once (whoever retires it last: dispatch after a reload, or the container).</summary>
    public async ValueTask DisposeNotifiersAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        foreach (var notifier in Targets.Select(t => t.Notifier).Distinct())
        {
            await DisposeAsync(notifier).ConfigureAwait(false);
        }
    }

    /// <summary>Disposes a notifier that implements either dispose interface.</summary>
    public static async ValueTask DisposeAsync(INotifier notifier)
    {
        switch (notifier)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }
}
