using Alerting.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Alerting.Incidents.Internal;

/// <summary>
/// Runs incident steps when they are due: keeps them in the <see cref="IIncidentSchedule"/>, arms one timer from the
/// <see cref="TimeProvider"/> for the earliest it knows of, and when it fires (or, for a shared schedule, every
/// <see cref="IIncidentSchedule.PollInterval"/>, to pick up steps scheduled by other instances or left by one that
/// stopped) claims the due steps, runs them in due order and completes them. One claim loop at a time: a wake-up
/// during a loop makes it go round once more. Each wake-up is running <see cref="BackgroundWork"/> from the moment it
/// happens (inside the timer's callback) until its loop has gone round, so the steps it runs are counted as they become due.
/// </summary>
internal sealed class IncidentTimers : IDisposable
{
    private const int ClaimBatch = 64;
    private readonly object _lock = new();
    private readonly IIncidentSchedule _schedule;
    private readonly TimeProvider _time;
    private readonly Func<IncidentStep, ValueTask> _run;
    private readonly ILogger _logger;
    private readonly BackgroundWork _work;
    private readonly ITimer _timer;
    private ITimer? _poll;
    private DateTimeOffset? _armedFor;
    private int _wakeUps;
    private bool _started;
    private bool _disposed;

    /// <param name="schedule">Where the steps wait.</param>
    /// <param name="time">The clock of the steps.</param>
    /// <param name="run">Runs a due step; it must not throw.</param>
    /// <param name="logger">Where a schedule that fails to claim is logged.</param>
    /// <param name="work">Counts each wake-up as running work until its claim loop has gone round.</param>
    public IncidentTimers(IIncidentSchedule schedule, TimeProvider time, Func<IncidentStep, ValueTask> run, ILogger logger, BackgroundWork work)
    {
        _schedule = schedule;
        _time = time;
        _run = run;
        _logger = logger;
        _work = work;
        _timer = time.CreateTimer(_ => Fired(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts running steps: those already due at once (a stopped instance's, for a shared schedule), then as they come due.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started || _disposed)
            {
                return;
            }

            _started = true;
            if (_schedule.PollInterval is { } every)
            {
                _poll = _time.CreateTimer(_ => _ = ClaimAndRunAsync(), null, every, every);
            }
        }

        _ = ClaimAndRunAsync();
    }

    /// <summary>Keeps <paramref name="step"/> until <paramref name="dueAt"/>.</summary>
    public async ValueTask ScheduleAsync(IncidentStep step, DateTimeOffset dueAt)
    {
        await _schedule.ScheduleAsync(step, dueAt).ConfigureAwait(false);
        ArmFor(dueAt);
    }

    /// <summary>Stops the timers: no claim starts once stopping has begun.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
        }

        _timer.Dispose();
        _poll?.Dispose();
    }

    private void Fired()
    {
        lock (_lock)
        {
            _armedFor = null;
        }

        _ = ClaimAndRunAsync();
    }

    private async Task ClaimAndRunAsync()
    {
        // Counted before the first await, so inside the timer's callback; a wake-up that joins the loop running now is
        // counted by that loop, which ends only after going round again for it.
        using var wakeUp = _work.Start();
        if (Interlocked.Increment(ref _wakeUps) > 1)
        {
            return; // the loop running now goes round again
        }

        do
        {
            Volatile.Write(ref _wakeUps, 1);
            if (!IsRunning)
            {
                Volatile.Write(ref _wakeUps, 0);
                return;
            }

            try
            {
                var next = await ClaimDueAsync().ConfigureAwait(false);
                if (next is { } dueAt)
                {
                    ArmFor(dueAt);
                }
            }
#pragma warning disable CA1031 // A schedule's failure must not stop the steps: the next wake-up claims again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.IncidentStepsUnclaimed(_logger, ex);
            }
        }
        while (Interlocked.Decrement(ref _wakeUps) > 0);
    }

    private bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _started && !_disposed;
            }
        }
    }

    /// <summary>Claims and runs the steps due now, batch by batch; returns when the next one is due.</summary>
    private async Task<DateTimeOffset?> ClaimDueAsync()
    {
        IncidentStepClaim claim;
        do
        {
            claim = await _schedule.ClaimDueAsync(_time.GetUtcNow(), ClaimBatch).ConfigureAwait(false);
            foreach (var claimed in claim.Steps)
            {
                await _run(claimed.Step).ConfigureAwait(false);
                await _schedule.CompleteAsync(claimed).ConfigureAwait(false);
            }
        }
        while (claim.Steps.Count == ClaimBatch && IsRunning);

        return claim.NextDueAt;
    }

    /// <summary>Arms the timer for <paramref name="dueAt"/> unless it is armed for an earlier time already.</summary>
    private void ArmFor(DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            if (_disposed || _armedFor is { } armed && armed <= dueAt)
            {
                return;
            }

            _armedFor = dueAt;
            var delay = dueAt - _time.GetUtcNow();
            _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }
}
