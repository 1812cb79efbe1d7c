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

/// <summary>What a timed step of an incident does.</summary>
internal enum IncidentStepKind
{
    /// <summary>Notify an escalation level.</summary>
    Escalate,

    /// <summary>Send a new incident's first notification after its group wait.</summary>
    FlushGroup,

    /// <summary>Send a resolve that waited out the minimum resolve delay, unless the problem came back.</summary>
    FinishResolve,
}

/// <summary>A timed step of one incident.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="RuleName">The rule whose incident it is.</param>
/// <param name="Level">For escalation, the level (0-based).</param>
/// <param name="Round">For escalation, the round (0 for the first run of the policy).</param>
/// <param name="ResolveEvent">For a resolve, the event the resolve notification shows.</param>
internal readonly record struct IncidentStep(IncidentStepKind Kind, string IncidentId, string RuleName, int Level = 0, int Round = 0, AlertEvent? ResolveEvent = null);
