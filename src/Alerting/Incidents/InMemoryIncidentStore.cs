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
                state = Open(ruleName, key, alertEvent, now);
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
    public ValueTask<GroupAlertDecision> RecordGroupAlertAsync(string ruleName, string groupKey, AlertEvent alertEvent, DateTimeOffset now, GroupTiming timing)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        lock (_lock)
        {
            if (!_byKey.TryGetValue((ruleName, groupKey), out var state))
            {
                state = Open(ruleName, groupKey, alertEvent, now);
                state.Alerts = [new AlertState(alertEvent, now)];
                state.FlushAt = now + timing.GroupWait;
                return new(new GroupAlertDecision(state.Id, true, true, false, 1, now, state.FlushAt));
            }

            state.Occurrences++;
            state.LastOccurrenceAt = now;
            var damped = state.ResolvingSince is not null;
            state.ResolvingSince = null;
            var alerts = state.Alerts ??= [];
            var alert = alerts.Find(a => a.Key == alertEvent.EffectiveDedupKey);
            var changed = alert is null || (alert.ResolvedAt is not null && !damped);
            if (alert is null)
            {
                alerts.Add(new AlertState(alertEvent, now));
            }
            else
            {
                alert.Fire(alertEvent, now, restart: !damped);
            }

            Index(state, alertEvent); // an alert's key may fire from another source than before

            return new(new GroupAlertDecision(state.Id, false, changed, false, state.Occurrences, state.OpenedAt, ScheduleFlush(state, changed, now, timing), damped));
        }
    }

    /// <inheritdoc />
    public ValueTask<GroupAlertDecision?> ResolveGroupAlertsAsync(string incidentId, IReadOnlyCollection<string> alertKeys, DateTimeOffset now, GroupTiming timing)
    {
        ArgumentNullException.ThrowIfNull(alertKeys);
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state) || state.Alerts is not { } alerts)
            {
                return new((GroupAlertDecision?)null);
            }

            var changed = false;
            foreach (var alert in alerts.Where(a => a.ResolvedAt is null && alertKeys.Contains(a.Key)).ToList())
            {
                changed = true;
                if (alert.IsNew)
                {
                    alerts.Remove(alert); // never notified: nobody has heard of it
                }
                else
                {
                    alert.ResolvedAt = now;
                }
            }

            var allResolved = alerts.TrueForAll(a => a.ResolvedAt is not null);
            var flushAt = allResolved ? null : ScheduleFlush(state, changed, now, timing);
            return new(new GroupAlertDecision(state.Id, false, changed, allResolved, state.Occurrences, state.OpenedAt, flushAt));
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> TakeGroupNotificationAsync(string incidentId, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_byId.TryGetValue(incidentId, out var state))
            {
                return new((Incident?)null);
            }

            var shown = Snapshot(state);
            if (state.Alerts is { } alerts)
            {
                alerts.RemoveAll(a => a.ResolvedAt is not null);
                alerts.ForEach(a => a.IsNew = false);
            }

            state.LastNotifiedAt = now;
            state.FlushAt = null;
            return new(shown);
        }
    }

    /// <inheritdoc />
    public ValueTask<Incident?> FindGroupOfAlertAsync(string ruleName, string alertKey)
    {
        lock (_lock)
        {
            var state = _byId.Values.FirstOrDefault(s =>
                s.RuleName == ruleName && s.Alerts is { } alerts && alerts.Exists(a => a.ResolvedAt is null && a.Key == alertKey));
            return new(state is null ? null : Snapshot(state));
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
                ? [.. sameSource.Where(s => s.Alerts is { } alerts
                        ? alerts.Exists(a => a.ResolvedAt is null && a.Event.Source == source && eventTypes.Contains(a.Event.Type))
                        : eventTypes.Contains(s.OpeningEvent.Type))
                    .OrderBy(s => s.OpenedAt)
                    .Select(Snapshot)]
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
                .SelectMany(t => _byType.TryGetValue(t, out var sameType) ? sameType.Where(s => s.Alerts is not { } alerts || alerts.Exists(a => a.ResolvedAt is null && a.Event.Type.Equals(t, StringComparison.OrdinalIgnoreCase))) : [])
                .Distinct()
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
        Unindex(_bySource, state.Sources, state);
        Unindex(_byType, state.Types, state);
        if (state.Alerts is { } alerts)
        {
            alerts.RemoveAll(a => a.IsNew); // a resolve shows what was notified
            alerts.ForEach(a => a.ResolvedAt ??= now);
        }

        return state.Snapshot(IncidentStatus.Resolved, now);
    }

    private static void Unindex(Dictionary<string, HashSet<State>> index, HashSet<string> names, State state)
    {
        foreach (var name in names)
        {
            var same = index[name];
            same.Remove(state);
            if (same.Count == 0)
            {
                index.Remove(name);
            }
        }
    }

    private static void Add(Dictionary<string, HashSet<State>> index, HashSet<string> names, string name, State state)
    {
        if (names.Add(name))
        {
            if (!index.TryGetValue(name, out var same))
            {
                index.Add(name, same = []);
            }

            same.Add(state);
        }
    }

    /// <summary>The group's next notification after a change, or a repeat of an unchanged one that is due; null when one is due already or none is needed.</summary>
    private static DateTimeOffset? ScheduleFlush(State state, bool changed, DateTimeOffset now, GroupTiming timing)
    {
        if (state.FlushAt is not null)
        {
            return null;
        }

        if (changed)
        {
            var next = state.LastNotifiedAt + timing.GroupInterval;
            state.FlushAt = next > now ? next : now;
        }
        else if (state.AcknowledgedAt is null && now - state.LastNotifiedAt >= timing.RepeatInterval)
        {
            state.FlushAt = now;
        }

        return state.FlushAt;
    }

    private State Open(string ruleName, string key, AlertEvent alertEvent, DateTimeOffset now)
    {
        var state = new State(NewId(), ruleName, key, alertEvent, now);
        _byKey.Add((ruleName, key), state);
        _byId.Add(state.Id, state);
        Index(state, alertEvent);
        return state;
    }

    private void Index(State state, AlertEvent alertEvent)
    {
        Add(_bySource, state.Sources, alertEvent.Source, state);
        Add(_byType, state.Types, alertEvent.Type, state);
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

        /// <summary>The alerts of a grouped incident; null for an incident of one alert.</summary>
        public List<AlertState>? Alerts { get; set; }

        /// <summary>When a grouped incident's next notification is due, while one is.</summary>
        public DateTimeOffset? FlushAt { get; set; }

        /// <summary>The sources under which <see cref="_bySource"/> lists it.</summary>
        public HashSet<string> Sources { get; } = new(StringComparer.Ordinal);

        /// <summary>The types under which <see cref="_byType"/> lists it.</summary>
        public HashSet<string> Types { get; } = new(StringComparer.OrdinalIgnoreCase);

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
            Alerts = Alerts is { } alerts ? [.. alerts.Select(a => a.Snapshot())] : [],
        };
    }

    private sealed class AlertState(AlertEvent alertEvent, DateTimeOffset now)
    {
        public string Key { get; } = alertEvent.EffectiveDedupKey;

        public AlertEvent Event { get; private set; } = alertEvent;

        public DateTimeOffset FirstSeenAt { get; private set; } = now;

        public DateTimeOffset LastSeenAt { get; private set; } = now;

        public int Occurrences { get; private set; } = 1;

        public DateTimeOffset? ResolvedAt { get; set; }

        public bool IsNew { get; set; } = true;

        /// <summary>
        /// Counts a firing event; one after a resolve starts the alert afresh (<paramref name="restart"/>), or takes the
        /// resolve back when the group's resolve was waiting (flapping).
        /// </summary>
        public void Fire(AlertEvent alertEvent, DateTimeOffset now, bool restart)
        {
            if (ResolvedAt is not null && restart)
            {
                (IsNew, FirstSeenAt, Occurrences) = (true, now, 0);
            }

            ResolvedAt = null;

            Event = alertEvent;
            LastSeenAt = now;
            Occurrences++;
        }

        public IncidentAlert Snapshot() => new()
        {
            Key = Key,
            Event = Event,
            Status = ResolvedAt is null ? AlertStatus.Firing : AlertStatus.Resolved,
            FirstSeenAt = FirstSeenAt,
            LastSeenAt = LastSeenAt,
            Occurrences = Occurrences,
            ResolvedAt = ResolvedAt,
            IsNew = IsNew,
        };
    }
}
