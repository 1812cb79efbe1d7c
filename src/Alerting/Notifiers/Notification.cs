namespace Alerting.Notifiers;

/// <summary>
/// One rendered notification for one channel: the text is final, escaped for the channel and cut to its limits.
/// </summary>
public sealed class Notification
{
    /// <summary>Gets the name of the channel this notification is for.</summary>
    public required string ChannelName { get; init; }

    /// <summary>Gets the name of the rule that matched, or <see langword="null"/> for test notifications.</summary>
    public string? RuleName { get; init; }

    /// <summary>Gets the event the notification is about.</summary>
    public required AlertEvent Event { get; init; }

    /// <summary>Gets what the provider is asked to do.</summary>
    public NotificationKind Kind { get; init; }

    /// <summary>Gets the severity to show: the event's, unless the rule's action overrides it.</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets the key that identifies the incident across notifications (PagerDuty's dedup key, a mail thread).</summary>
    public required string DedupKey { get; init; }

    /// <summary>Gets the rendered one-line title.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the rendered message.</summary>
    public required string Message { get; init; }

    /// <summary>Gets the rendered subject, when a template for it was given; notifiers fall back to <see cref="Title"/>.</summary>
    public string? Subject { get; init; }

    /// <summary>Gets the rendered rich body (HTML for e-mail), when a template for it was given; notifiers build their own otherwise.</summary>
    public string? Body { get; init; }

    /// <summary>Gets the rendered JSON payload, when a payload template was given; notifiers build their own otherwise.</summary>
    public string? Payload { get; init; }

    /// <summary>Gets the number of the delivery attempt, starting at 1; useful for notifiers that sign or log attempts.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>
    /// Gets, on a retry of a notification sent to each recipient separately, each recipient's outcome so far, in the
    /// order of the first attempt's <see cref="DeliveryResult.Recipients"/>: send only to the recipients whose entry
    /// <see cref="RecipientResult.IsRetryable"/>, counting their attempts on top of the earlier ones (an entry's
    /// <see cref="RecipientResult.Attempts"/> is that recipient's total), and return the others' entries unchanged.
    /// </summary>
    /// <value>Empty on the first attempt, and for notifiers that do not report recipients.</value>
    public IReadOnlyList<RecipientResult> PreviousRecipients { get; init; } = [];

    /// <summary>Gets the incident this notification belongs to, when its rule tracks incidents.</summary>
    public string? IncidentId { get; init; }

    /// <summary>
    /// Gets the alerts of a grouped notification (a rule with <c>Incidents.GroupBy</c>): every alert of the group that is
    /// firing, new or not, and those resolved since the group's last notification, in the order they joined. A channel
    /// lists them in its own format (a Slack section each, e-mail table rows, PagerDuty <c>custom_details</c>); the
    /// <see cref="Title"/> and <see cref="Message"/> already summarise them.
    /// </summary>
    /// <value>Empty for a notification about one alert.</value>
    public IReadOnlyList<NotificationAlert> Alerts { get; init; } = [];

    /// <summary>
    /// Gets the level (1 for the first) of the incident's escalation policy that sends this notification, when an
    /// escalation level sends it; the message then ends in a line saying so.
    /// </summary>
    /// <value><see langword="null"/> for a notification the rule's own actions send.</value>
    public int? EscalationLevel { get; init; }

    /// <summary>Gets whether this is a test notification sent on demand.</summary>
    public bool IsTest => Kind == NotificationKind.Test;

    /// <summary>
    /// The notification a retry sends: the same content, with the attempt's number and, for a notifier that reports
    /// recipients, their outcomes so far. Alerting makes every retry itself; this is for a notifier's own tests.
    /// </summary>
    /// <param name="attempt">The attempt's number, 2 for the first retry.</param>
    /// <param name="previousRecipients">The recipients' outcomes so far (<see cref="DeliveryResult.Recipients"/> of the attempt before); none when <see langword="null"/>.</param>
    /// <returns>The notification of that attempt.</returns>
    public Notification ForAttempt(int attempt, IReadOnlyList<RecipientResult>? previousRecipients = null) => new()
    {
        ChannelName = ChannelName,
        RuleName = RuleName,
        Event = Event,
        Kind = Kind,
        Severity = Severity,
        DedupKey = DedupKey,
        Title = Title,
        Message = Message,
        Subject = Subject,
        Body = Body,
        Payload = Payload,
        Attempt = attempt,
        PreviousRecipients = previousRecipients ?? [],
        IncidentId = IncidentId,
        Alerts = Alerts,
        EscalationLevel = EscalationLevel,
    };
}
