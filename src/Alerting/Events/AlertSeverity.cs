namespace Alerting;

/// <summary>How serious an <see cref="AlertEvent"/> is. Values are ordered, so rules can ask for a minimum.</summary>
public enum AlertSeverity
{
    /// <summary>Something worth knowing; nobody needs to act.</summary>
    Info = 0,

    /// <summary>Something may need attention soon.</summary>
    Warning = 1,

    /// <summary>Something failed and needs attention.</summary>
    Error = 2,

    /// <summary>Something failed badly and needs attention now.</summary>
    Critical = 3,
}
