namespace Alerting.Incidents;

/// <summary>
/// Where the timed steps of incidents (escalation levels, group flushes, delayed resolves) wait for their time: in this
/// process by default, or on a server shared by the instances of an app (<c>Alerting.Redis</c>, or your own: register it
/// as the <see cref="IIncidentSchedule"/> singleton after <c>AddAlerting</c>), so that a step scheduled by one instance
/// runs once, on whichever instance claims it first, and still runs when the instance that scheduled it has stopped.
/// </summary>
/// <remarks>
/// A claim is a lease: a step claimed by an instance that stops before completing it becomes claimable again once the
/// lease has run out, so it runs at least once. Each instance arms a timer for the <see cref="IncidentStepClaim.NextDueAt"/>
/// it is told and, when <see cref="PollInterval"/> is set, also claims on that period, to pick up steps scheduled
/// elsewhere. As with <see cref="IIncidentStore"/>, the caller passes "now" from its <see cref="TimeProvider"/>.
/// </remarks>
public interface IIncidentSchedule
{
    /// <summary>Gets how often an instance claims without being woken by a step of its own; null when no other instance schedules here.</summary>
    TimeSpan? PollInterval { get; }

    /// <summary>Keeps <paramref name="incidentStep"/> until <paramref name="dueAt"/>, replacing a waiting step with the same <see cref="IncidentStep.Id"/>.</summary>
    ValueTask ScheduleAsync(IncidentStep incidentStep, DateTimeOffset dueAt);

    /// <summary>
    /// Claims up to <paramref name="max"/> steps due at <paramref name="now"/> (and steps whose claim's lease ran out),
    /// for the caller alone; also says when the next waiting step is due.
    /// </summary>
    ValueTask<IncidentStepClaim> ClaimDueAsync(DateTimeOffset now, int max);

    /// <summary>Drops a claimed step that has run; a claim that another instance has taken over since is left to it.</summary>
    ValueTask CompleteAsync(ClaimedIncidentStep claimed);
}

/// <summary>A step claimed from an <see cref="IIncidentSchedule"/>.</summary>
/// <param name="Step">The step to run.</param>
/// <param name="Token">The claim's fencing token: <see cref="IIncidentSchedule.CompleteAsync"/> drops the step only while the claim is still this one.</param>
public readonly record struct ClaimedIncidentStep(IncidentStep Step, long Token);

/// <summary>What a claim got.</summary>
/// <param name="Steps">The steps claimed, in due order.</param>
/// <param name="NextDueAt">When the next step still waiting is due (or the next claim's lease runs out), if there is one.</param>
public readonly record struct IncidentStepClaim(IReadOnlyList<ClaimedIncidentStep> Steps, DateTimeOffset? NextDueAt);
