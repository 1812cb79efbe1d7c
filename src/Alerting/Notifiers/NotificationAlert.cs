namespace Alerting.Notifiers;

/// <summary>
/// One alert listed in a grouped notification (<see cref="Notification.Alerts"/>): its latest event, whether it is new,
/// still firing or resolved since the group's last notification, and its line as the action's alert template renders it.
/// </summary>
public sealed class NotificationAlert
{
    /// <summary>Gets the alert's latest firing event: its source, type, severity, message, link (<see cref="AlertEvent.Url"/>) and attributes, unescaped.</summary>
    public required AlertEvent Event { get; init; }

    /// <summary>Gets whether the alert is firing or has resolved.</summary>
    public AlertStatus Status { get; init; }

    /// <summary>Gets whether no earlier notification of the group listed the alert.</summary>
    public bool IsNew { get; init; }

    /// <summary>Gets when the alert started firing.</summary>
    public DateTimeOffset FirstSeenAt { get; init; }

    /// <summary>Gets how many firing events it has collected.</summary>
    public int Occurrences { get; init; }

    /// <summary>
    /// Gets the alert's line: the action's (or channel's) <c>Alert</c> template rendered for the alert, escaped for the
    /// channel like <see cref="Notification.Message"/>.
    /// </summary>
    public required string Text { get; init; }

    /// <summary>Gets the alert's state as one word: <c>new</c>, <c>firing</c> or <c>resolved</c>.</summary>
    public string State => Status == AlertStatus.Resolved ? "resolved" : IsNew ? "new" : "firing";
}
