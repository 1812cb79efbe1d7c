namespace Alerting.Incidents;


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
