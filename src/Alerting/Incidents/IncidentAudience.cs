namespace Alerting.Incidents;

/// <summary>Who an incident update is written for; rules route <c>incident.updated</c> events by it (attribute <c>audience</c>).</summary>
public enum IncidentAudience
{
    /// <summary>The people fixing it.</summary>
    Technical = 0,

    /// <summary>The people affected by it: customers, support, management.</summary>
    Business = 1,
}
