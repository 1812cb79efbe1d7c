namespace Alerting.Incidents;

/// <summary>Where an incident is in its life.</summary>
public enum IncidentStatus
{
    /// <summary>Firing and not yet acknowledged: repeats re-notify on the rule's repeat interval.</summary>
    Open = 0,

    /// <summary>Someone is on it: still counted, no longer re-notified.</summary>
    Acknowledged = 1,

    /// <summary>Closed by a resolving event or by hand.</summary>
    Resolved = 2,
}
