namespace Alerting.Incidents;

/// <summary>
/// The default, in-process schedule of incident steps: a priority queue by due time (O(log n) per step) and one entry
/// per step identity, so scheduling a step again moves it. Only this instance claims from it, so a claim needs no lease.
/// </summary>
public sealed class InMemoryIncidentSchedule : IIncidentSchedule
{
    private readonly object _lock = new();
    private readonly PriorityQueue<(string Id, long Version), DateTimeOffset> _due = new();
    private readonly Dictionary<string, (IncidentStep Step, long Version)> _waiting = new(StringComparer.Ordinal);
    private long _version;

    /// <inheritdoc />
    /// <value>Always null: only this instance schedules here.</value>
    public TimeSpan? PollInterval => null;

    /// <summary>Gets the number of steps waiting.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _waiting.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask ScheduleAsync(IncidentStep incidentStep, DateTimeOffset dueAt)
    {
        lock (_lock)
        {
            var version = ++_version;
            _waiting[incidentStep.Id] = (incidentStep, version);
            _due.Enqueue((incidentStep.Id, version), dueAt);
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<IncidentStepClaim> ClaimDueAsync(DateTimeOffset now, int max)
    {
        var claimed = new List<ClaimedIncidentStep>();
        lock (_lock)
        {
            while (claimed.Count < max && _due.TryPeek(out var entry, out var dueAt) && (dueAt <= now || IsStale(entry)))
            {
                _due.Dequeue();
                if (!IsStale(entry))
                {
                    claimed.Add(new ClaimedIncidentStep(_waiting[entry.Id].Step, 0));
                    _waiting.Remove(entry.Id);
                }
            }

            while (_due.TryPeek(out var entry, out _) && IsStale(entry))
            {
                _due.Dequeue();
            }

            return new(new IncidentStepClaim(claimed, _due.TryPeek(out _, out var next) ? next : null));
        }
    }

    /// <inheritdoc />
    /// <remarks>Nothing to do: a step leaves this schedule when it is claimed.</remarks>
    public ValueTask CompleteAsync(ClaimedIncidentStep claimed) => default;

    /// <summary>Whether a queued entry was replaced by a later schedule of the same step (or claimed).</summary>
    private bool IsStale((string Id, long Version) entry) => !_waiting.TryGetValue(entry.Id, out var waiting) || waiting.Version != entry.Version;
}
