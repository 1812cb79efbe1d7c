namespace Alerting.Dispatch.Internal;

/// <summary>
/// The cancellation token one channel worker hands its notifier. Reused from delivery to delivery; replaced only when
/// an attempt timed out (its token is then cancelled, telling the hung notifier to give up). Cancelled on abort.
/// </summary>
internal sealed class WorkerSlot : IDisposable
{
    private readonly CancellationToken _abort;
    private CancellationTokenSource _cts;

    public WorkerSlot(CancellationToken abort)
    {
        _abort = abort;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(abort);
    }

    public CancellationToken Token => _cts.Token;

    public void CancelAndRenew()
    {
        var old = _cts;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(_abort);
        // Not disposed: the hung notifier may still hold the token.
        old.Cancel();
    }

    public void Dispose() => _cts.Dispose();
}
