namespace Alerting.Incidents.Internal;

/// <summary>
/// Deadlines of incident steps (escalation levels, group waits, delayed resolves), each O(log n) in a priority queue, with one timer from the
/// <see cref="TimeProvider"/> armed for the earliest. Due steps run in deadline order, one batch at a time.
/// </summary>
internal sealed class IncidentTimers : IDisposable
{
    private readonly PriorityQueue<IncidentStep, DateTimeOffset> _due = new();
    private readonly object _lock = new();
    private readonly TimeProvider _time;
    private readonly Func<IncidentStep, ValueTask> _run;
    private readonly ITimer _timer;
    private DateTimeOffset? _armedFor;

    public IncidentTimers(TimeProvider time, Func<IncidentStep, ValueTask> run)
    {
        _time = time;
        _run = run;
        _timer = time.CreateTimer(_ => _ = RunDueAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The steps waiting for their time.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _due.Count;
            }
        }
    }

    public void Schedule(IncidentStep step, DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            _due.Enqueue(step, dueAt);
            if (_armedFor is not { } armed || dueAt < armed)
            {
                Arm(dueAt);
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private async Task RunDueAsync()
    {
        var ready = new List<IncidentStep>();
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            while (_due.TryPeek(out var step, out var dueAt) && dueAt <= now)
            {
                ready.Add(_due.Dequeue());
            }

            _armedFor = null;
            if (_due.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        foreach (var step in ready)
        {
            await _run(step).ConfigureAwait(false);
        }
    }

    private void Arm(DateTimeOffset dueAt)
    {
        _armedFor = dueAt;
        var delay = dueAt - _time.GetUtcNow();
        _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
