namespace Alerting.Diagnostics;

/// <summary>
/// The counts behind <see cref="IAlertingBackgroundWork"/>: running units in the low half of one 64-bit value and
/// notifications waiting for the clock in the high half, so that moving a unit from running to waiting (and back) is one
/// atomic step and no reader ever sees it in neither. Each unit is entered before the work that starts it exits. A
/// waiter registers a signal, then looks at the counts again; whoever brings running to zero takes the signal and
/// releases it, so a waiter either sees the counts reached or is released (both sides use full fences).
/// </summary>
internal sealed class BackgroundWork : IAlertingBackgroundWork
{
    private const long WaitingUnit = 1L << 32;
    private const long RunningMask = WaitingUnit - 1;

    private long _counts;
    private TaskCompletionSource? _settled;
    private TaskCompletionSource? _idle;

    public int Running => (int)(Volatile.Read(ref _counts) & RunningMask);

    public int WaitingForTime => (int)(Volatile.Read(ref _counts) >> 32);

    public bool IsIdle => Volatile.Read(ref _counts) == 0;

    /// <summary>Counts a unit of work that starts now; the caller exits it when the work ends.</summary>
    public void Enter() => Interlocked.Increment(ref _counts);

    /// <summary>Ends a unit of work entered before.</summary>
    public void Exit() => Changed(Interlocked.Decrement(ref _counts));

    /// <summary>A unit entered now and exited when the returned scope is disposed, for work that ends in a <c>finally</c>.</summary>
    public Scope Start()
    {
        Enter();
        return new Scope(this);
    }

    /// <summary>
    /// Waits <paramref name="delay"/> on <paramref name="time"/>, the running unit of the caller counted as waiting for
    /// time meanwhile. Its timer is armed before the unit stops counting as running, so whoever sees the work settled
    /// finds the timer on the clock; the timer's callback counts the unit as running again before it releases the caller,
    /// so with a fake clock the unit is running again by the time <c>Advance</c> returns.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled first.</exception>
    public async Task WaitForTimeAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        var wait = new TimeWait(this, cancellationToken);
        using var timer = time.CreateTimer(static state => ((TimeWait)state!).End(cancelled: false), wait, delay, Timeout.InfiniteTimeSpan);
        using var registration = cancellationToken.UnsafeRegister(static state => ((TimeWait)state!).End(cancelled: true), wait);
        wait.Start();
        await wait.Task.ConfigureAwait(false);
    }

    public Task WaitForIdleAsync(CancellationToken cancellationToken = default) => WaitAsync(idle: true, cancellationToken);

    public Task WaitForSettledAsync(CancellationToken cancellationToken = default) => WaitAsync(idle: false, cancellationToken);

    private static bool Reached(long counts, bool idle) => idle ? counts == 0 : (counts & RunningMask) == 0;

    private static void Release(ref TaskCompletionSource? signal) => Interlocked.Exchange(ref signal, null)?.TrySetResult();

    private ref TaskCompletionSource? Signal(bool idle) => ref idle ? ref _idle : ref _settled;

    private void Changed(long counts)
    {
        if ((counts & RunningMask) != 0)
        {
            return;
        }

        if (Volatile.Read(ref _settled) is not null)
        {
            Release(ref _settled);
        }

        if (counts == 0 && Volatile.Read(ref _idle) is not null)
        {
            Release(ref _idle);
        }
    }

    private Task WaitAsync(bool idle, CancellationToken cancellationToken) =>
        Reached(Volatile.Read(ref _counts), idle) ? Task.CompletedTask : WaitLoopAsync(idle, cancellationToken);

    /// <summary>Waits for the counts to be reached, looking again after each release (new work may have started since).</summary>
    private async Task WaitLoopAsync(bool idle, CancellationToken cancellationToken)
    {
        while (!Reached(Volatile.Read(ref _counts), idle))
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var signal = Interlocked.CompareExchange(ref Signal(idle), created, null) ?? created;
            if (Reached(Interlocked.Read(ref _counts), idle))
            {
                Release(ref Signal(idle));
                return;
            }

            await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A unit of work that exits when disposed.</summary>
    internal readonly struct Scope(BackgroundWork work) : IDisposable
    {
        public void Dispose() => work.Exit();
    }

    /// <summary>
    /// One wait for the clock: armed, then counted as waiting (<see cref="Start"/>), then ended once, by its timer or by
    /// cancellation, counting its unit as running again if it had counted it as waiting. An end that comes while it is
    /// being armed leaves the counts as they are.
    /// </summary>
    private sealed class TimeWait(BackgroundWork work, CancellationToken cancellationToken) : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        private const int Arming = 0;
        private const int Waiting = 1;
        private const int Ended = 2;

        private int _state;

        /// <summary>Counts the caller's unit as waiting for time, unless the wait already ended.</summary>
        public void Start()
        {
            if (Interlocked.CompareExchange(ref _state, Waiting, Arming) == Arming)
            {
                work.Changed(Interlocked.Add(ref work._counts, WaitingUnit - 1));
            }
        }

        public void End(bool cancelled)
        {
            var was = Interlocked.Exchange(ref _state, Ended);
            if (was == Ended)
            {
                return;
            }

            if (was == Waiting)
            {
                Interlocked.Add(ref work._counts, 1 - WaitingUnit);
            }

            if (cancelled)
            {
                TrySetCanceled(cancellationToken);
            }
            else
            {
                TrySetResult();
            }
        }
    }
}
