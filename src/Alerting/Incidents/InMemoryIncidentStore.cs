namespace Alerting.Incidents;

/// <summary>
/// The default, in-process incident store: right for one instance, and what a shared store falls back to while its
/// server cannot be reached. One lock guards the incidents and their indexes (by rule and key, by id, by source, and by
/// type, which inhibitions ask): every operation is a few dictionary steps, so the lock is held briefly. It keeps no
/// resolved incident.
/// </summary>
public sealed class InMemoryIncidentStore : IIncidentStore
{
    private readonly object _lock = new();
    private readonly Dictionary<(string Rule, string Key), State> _byKey = [];
    private readonly Dictionary<string, State> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<State>> _bySource = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<State>> _byType = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public int OpenCount
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<FiringDecision> RecordFiringAsync(string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now, TimeSpan repeatInterval)
    {
        lock (_lock)
        {
            if (!_byKey.TryGetValue((ruleName, key), out var state))
            {
                state = new State(NewId(), ruleName, key, alertEvent, now);
                _byKey.Add((ruleName, key), state);
                _byId.Add(state.Id, state);
                if (!_bySource.TryGetValue(alertEvent.Source, out var sameSource))
                {
                    _bySource.Add(alertEvent.Source, sameSource = []);
                }

                sameSource.Add(state);
                if (!_byType.TryGetValue(alertEvent.Type, out var sameType))
                {
                    _byType.Add(alertEvent.Type, sameType = []);
                }

                sameType.Add(state);
                return new(new FiringDecision(state.Id, true, false, 1, now));
            }

            state.Occurrences++;
            state.LastOccurrenceAt = now;
            var damped = state.ResolvingSince is not null;
            state.ResolvingSince = null;
            var renotify = !damped && state.AcknowledgedAt is null && now - state.LastNotifiedAt >= repeatInterval;
            if (renotify)
            {
                state.LastNotifiedAt = now;
            }

            return new(new FiringDecision(state.Id, false, renotify, state.Occurrences, state.OpenedAt, damped));
        }
    }

    /// <inheritdoc />
    public ValueTask MarkNotifiedAsync(string incidentId, IEnumerable<string> channels)
    {
        lock (_lock)
        {
            if (_byId.TryGetValue(incidentId, out var state))
            {
                foreach (var channel in channels)
                {
                    if (!state.NotifiedChannels.Contains(channel, StringComparer.OrdinalIgnoreCase))
                    {
                        state.NotifiedChannels.Add(channel);
                    }
                }
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask<Incident?> FindAsync(string ruleName, string key)
    {
        lock (_lock)
        {
            return new(_byKey.TryGetValue((ruleName, key), out var state) ? Snapshot(state) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Incident>> FindBySourceAsync(string source, IReadOnlyCollection<string> eventTypes)
    {
        lock (_lock)
        {
            IReadOnlyList<Incident> found = _bySource.TryGetValue(source, out var sameSource)
                ? [.. sameSource.Where(s => eventTypes.Contains(s.OpeningEvent.Type)).OrderBy(s => s.OpenedAt).Select(Snapshot)]
                : [];
            return new(found);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Incident>> FindByTypeAsync(IReadOnlyCollection<string> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        lock (_lock)
        {
            IReadOnlyList<Incident> found = [.. eventTypes
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .SelectMany(t => _byType.TryGetValue(t, out var sameType) ? sameType : [])
                .OrderBy(s => s.OpenedAt)
                .Select(Snapshot)];
            return new(found);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> MarkResolvingAsync(string incidentId, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state) || state.ResolvingSince is not null)
            {
                return new(false);
            }

            state.ResolvingSince = now;
            return new(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> ResolveAsync(string incidentId, DateTimeOffset now, bool onlyIfResolving = false)
    {
        lock (_lock)
        {
            return new(_byId.TryGetValue(incidentId, out var state) && (!onlyIfResolving || state.ResolvingSince is not null) ? Close(state, now) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state) || state.AcknowledgedAt is not null)
            {
                return new((Incident?)null);
            }

            state.AcknowledgedAt = now;
            state.AcknowledgedBy = acknowledgedBy;
            state.AcknowledgementNote = note;
            return new(state.Snapshot(IncidentStatus.Acknowledged, null));
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> GetAsync(string incidentId)
    {
        lock (_lock)
        {
            return new(_byId.TryGetValue(incidentId, out var state) ? Snapshot(state) : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<EscalationRecord> RecordEscalationAsync(string incidentId, int level, int round, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state) || state.AcknowledgedAt is not null)
            {
                return default;
            }

            var fires = round > state.EscalationRound || (round == state.EscalationRound && level + 1 > state.EscalationLevel);
            if (fires)
            {
                (state.EscalationRound, state.EscalationLevel) = (round, level + 1);
            }

            return new(new EscalationRecord(Snapshot(state), fires));
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> SetPhaseAsync(string incidentId, IncidentPhase phase)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state))
            {
                return new((Incident?)null);
            }

            state.Phase = phase;
            return new(Snapshot(state));
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<Incident> GetOpen()
    {
        lock (_lock)
        {
            return [.. _byId.Values
                .OrderBy(s => s.OpenedAt)
                .Select(Snapshot)];
        }
    }

    private static Incident Snapshot(State state) =>
        state.Snapshot(state.AcknowledgedAt is null ? IncidentStatus.Open : IncidentStatus.Acknowledged, null);

    private Incident Close(State state, DateTimeOffset now)
    {
        _byKey.Remove((state.RuleName, state.Key));
        _byId.Remove(state.Id);
        var sameSource = _bySource[state.OpeningEvent.Source];
        sameSource.Remove(state);
        if (sameSource.Count == 0)
        {
            _bySource.Remove(state.OpeningEvent.Source);
        }

        var sameType = _byType[state.OpeningEvent.Type];
        sameType.Remove(state);
        if (sameType.Count == 0)
        {
            _byType.Remove(state.OpeningEvent.Type);
        }

        return state.Snapshot(IncidentStatus.Resolved, now);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private sealed class State(string id, string ruleName, string key, AlertEvent openingEvent, DateTimeOffset openedAt)
    {
        public string Id { get; } = id;

        public string RuleName { get; } = ruleName;

        public string Key { get; } = key;

        public AlertEvent OpeningEvent { get; } = openingEvent;

        public DateTimeOffset OpenedAt { get; } = openedAt;

        public DateTimeOffset LastOccurrenceAt { get; set; } = openedAt;

        public DateTimeOffset LastNotifiedAt { get; set; } = openedAt;

        public int Occurrences { get; set; } = 1;

        public List<string> NotifiedChannels { get; } = [];

        public DateTimeOffset? AcknowledgedAt { get; set; }

        public string? AcknowledgedBy { get; set; }

        public string? AcknowledgementNote { get; set; }

        public IncidentPhase? Phase { get; set; }

        public int EscalationLevel { get; set; }

        public int EscalationRound { get; set; }

        /// <summary>When a resolve arrived that waits out the rule's minimum resolve delay.</summary>
        public DateTimeOffset? ResolvingSince { get; set; }

        public Incident Snapshot(IncidentStatus status, DateTimeOffset? resolvedAt) => new()
        {
            Id = Id,
            RuleName = RuleName,
            Key = Key,
            EventType = OpeningEvent.Type,
            Source = OpeningEvent.Source,
            Severity = OpeningEvent.Severity,
            Message = OpeningEvent.Message,
            Status = status,
            OpenedAt = OpenedAt,
            LastOccurrenceAt = LastOccurrenceAt,
            LastNotifiedAt = LastNotifiedAt,
            Occurrences = Occurrences,
            NotifiedChannels = [.. NotifiedChannels],
            AcknowledgedAt = AcknowledgedAt,
            AcknowledgedBy = AcknowledgedBy,
            AcknowledgementNote = AcknowledgementNote,
            ResolvedAt = resolvedAt,
            Phase = status == IncidentStatus.Resolved ? IncidentPhase.Resolved : Phase,
            EscalationLevel = EscalationLevel,
            EscalationRound = EscalationRound,
            OpeningEvent = OpeningEvent,
        };
    }
}
