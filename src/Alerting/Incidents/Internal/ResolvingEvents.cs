namespace Alerting.Incidents.Internal;

/// <summary>Well-known event types that close incidents opened by other types for the same source.</summary>
internal static class ResolvingEvents
{
    private static readonly string[] s_jobProblems = [AlertEventTypes.JobFailed, AlertEventTypes.JobTimedOut, AlertEventTypes.JobHeartbeatMissed];
    private static readonly string[] s_serviceProblems = [AlertEventTypes.ServiceDegraded];
    private static readonly string[] s_healthProblems = [AlertEventTypes.HealthDegraded, AlertEventTypes.HealthUnhealthy];

    /// <summary>The types of the incidents an event of <paramref name="eventType"/> resolves for its source, if any.</summary>
    public static IReadOnlyCollection<string>? ProblemsResolvedBy(string eventType) => eventType switch
    {
        AlertEventTypes.JobSucceeded => s_jobProblems,
        AlertEventTypes.ServiceRecovered => s_serviceProblems,
        AlertEventTypes.HealthRecovered => s_healthProblems,
        _ => null,
    };
}
