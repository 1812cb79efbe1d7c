namespace Alerting.Notifiers.PagerDuty;

/// <summary>The severities PagerDuty's Events API v2 accepts in <c>payload.severity</c>.</summary>
public enum PagerDutySeverity
{
    /// <summary><c>info</c>.</summary>
    Info = 0,

    /// <summary><c>warning</c>.</summary>
    Warning = 1,

    /// <summary><c>error</c>.</summary>
    Error = 2,

    /// <summary><c>critical</c>.</summary>
    Critical = 3,
}
