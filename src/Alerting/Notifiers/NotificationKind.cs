namespace Alerting.Notifiers;

/// <summary>What a notification asks the provider to do.</summary>
public enum NotificationKind
{
    /// <summary>Tell people about a problem or an occurrence (PagerDuty "trigger").</summary>
    Trigger = 0,

    /// <summary>Tell people a problem has cleared (PagerDuty "resolve", a "resolved" chat message).</summary>
    Resolve = 1,

    /// <summary>Tell the provider someone is on it (PagerDuty "acknowledge"). Channels that cannot show it may ignore it.</summary>
    Acknowledge = 2,

    /// <summary>A test notification sent on demand to check that a channel works.</summary>
    Test = 3,

    /// <summary>A human update on an incident (investigating, identified, monitoring). Channels that cannot show it may ignore it.</summary>
    Update = 4,
}
