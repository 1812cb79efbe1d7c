namespace Alerting.Rules;

/// <summary>
/// What a rule does when it matches: send to a channel (optionally overriding severity and templates), or call host code.
/// </summary>
public sealed class RuleActionOptions : NotificationTemplateOptions
{
    /// <summary>Gets or sets the name of the channel to notify.</summary>
    /// <value>Required unless <see cref="Callback"/> is set.</value>
    public string? Channel { get; set; }

    /// <summary>Gets or sets the severity to show instead of the event's.</summary>
    /// <value>Defaults to <see langword="null"/>: the event's severity.</value>
    public AlertSeverity? Severity { get; set; }

    /// <summary>
    /// Gets or sets whether this action sends resolve notifications (page on trigger only, say, while another channel of
    /// the rule hears the resolve too).
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: the channel's <see cref="ChannelOptions.SendResolved"/>.</value>
    public bool? SendResolved { get; set; }

    /// <summary>
    /// Gets or sets host code to run instead of notifying a channel (cancel a run, pause a schedule). It runs in the
    /// background like a delivery: its exceptions are recorded as failures and never reach the publisher.
    /// </summary>
    public Func<AlertCallbackContext, ValueTask>? Callback { get; set; }

    /// <summary>
    /// Gets or sets the names of time intervals (<c>Alerting:TimeIntervals</c>) during which this action sends no problem
    /// notifications ("no SMS during business hours"); they are recorded as suppressed (<see cref="DeliveryReasonTags.Muted"/>).
    /// Resolutions still go to a channel that was notified of the problem.
    /// </summary>
    /// <value>Defaults to empty: never muted.</value>
    public List<string> MuteTimeIntervals { get; set; } = [];

    /// <summary>
    /// Gets or sets the names of time intervals outside which this action sends no problem notifications ("page only
    /// 08:00-18:00 Monday to Friday"); they are recorded as suppressed (<see cref="DeliveryReasonTags.Inactive"/>).
    /// </summary>
    /// <value>Defaults to empty: always active.</value>
    public List<string> ActiveTimeIntervals { get; set; } = [];
}
