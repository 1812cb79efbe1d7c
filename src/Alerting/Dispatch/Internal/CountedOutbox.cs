using Alerting.Diagnostics;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The outbox dispatch uses, counting the events it keeps for this instance until they are done (added or claimed, not
/// yet marked done): the backlog <see cref="IAlertingHealth"/> reports, whichever outbox is behind it.
/// </summary>
internal sealed class CountedOutbox(IAlertOutbox inner) : IAlertOutbox
{
    private int _backlog;

    /// <summary>Gets how many events are kept and not yet done.</summary>
    public int Backlog => Math.Max(0, Volatile.Read(ref _backlog));

    public TimeSpan? ClaimInterval => inner.ClaimInterval;

    public async ValueTask<IReadOnlyList<AlertEvent>> ClaimAsync(CancellationToken cancellationToken)
    {
        var claimed = await inner.ClaimAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _backlog, claimed.Count);
        return claimed;
    }

    public async ValueTask AddAsync(AlertEvent alertEvent, CancellationToken cancellationToken)
    {
        await inner.AddAsync(alertEvent, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _backlog);
    }

    public void Done(string eventId)
    {
        Interlocked.Decrement(ref _backlog);
        inner.Done(eventId);
    }

    public void KeepPending() => inner.KeepPending();

    public ValueTask CloseAsync() => inner.CloseAsync();
}
