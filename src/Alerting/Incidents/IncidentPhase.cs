namespace Alerting.Incidents;

/// <summary>Where the people working on an incident say it is, posted with <see cref="IIncidentManager.UpdateAsync"/>.</summary>
public enum IncidentPhase
{
    /// <summary>The cause is being looked for.</summary>
    Investigating = 0,

    /// <summary>The cause is known and a fix is under way.</summary>
    Identified = 1,

    /// <summary>A fix is in place and being watched.</summary>
    Monitoring = 2,

    /// <summary>Over: posting this phase resolves the incident.</summary>
    Resolved = 3,
}
