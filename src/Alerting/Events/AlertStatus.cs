namespace Alerting;

/// <summary>Whether an <see cref="AlertEvent"/> reports a problem that is happening or one that has cleared.</summary>
public enum AlertStatus
{
    /// <summary>The problem is happening (or the event is purely informational).</summary>
    Firing = 0,

    /// <summary>The problem the event's dedup key refers to has cleared.</summary>
    Resolved = 1,
}
