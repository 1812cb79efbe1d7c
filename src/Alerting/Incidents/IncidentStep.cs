namespace Alerting.Incidents;

/// <summary>What a timed step of an incident does.</summary>
public enum IncidentStepKind
{
    /// <summary>Notify an escalation level.</summary>
    Escalate,

    /// <summary>Send a new incident's first notification after its group wait.</summary>
    FlushGroup,

    /// <summary>Send a resolve that waited out the minimum resolve delay, unless the problem came back.</summary>
    FinishResolve,
}

/// <summary>A timed step of one incident, kept by the <see cref="IIncidentSchedule"/> until it is due.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="IncidentId">The incident.</param>
/// <param name="RuleName">The rule whose incident it is.</param>
/// <param name="Level">For escalation, the level (0-based).</param>
/// <param name="Round">For escalation, the round (0 for the first run of the policy).</param>
/// <param name="ResolveEvent">For a resolve, the event the resolve notification shows.</param>
public readonly record struct IncidentStep(IncidentStepKind Kind, string IncidentId, string RuleName, int Level = 0, int Round = 0, AlertEvent? ResolveEvent = null)
{
    /// <summary>
    /// Gets the step's identity: its incident, kind, level and round. A schedule keeps one step per identity, so a step
    /// scheduled again (by a replica that re-runs a step whose lease it took over, or a resolve marked again after the
    /// problem came back) replaces the one waiting instead of running twice.
    /// </summary>
    public string Id => FormattableString.Invariant($"{IncidentId}:{Kind}:{Level}:{Round}");
}
