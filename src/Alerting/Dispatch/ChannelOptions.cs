namespace Alerting;

/// <summary>
/// The settings every channel has, whatever its notifier: its type, where it applies, how it delivers, and its default
/// templates. Bound from <c>Alerting:Channels:{name}</c>, the same section the notifier's own options are bound from.
/// </summary>
public sealed class ChannelOptions : NotificationTemplateOptions
{
    /// <summary>Gets or sets the notifier type key ("console", "pagerduty", or a registered custom type).</summary>
    /// <value>Set by the <c>Add*</c> builder methods; required for channels defined in configuration.</value>
    public string? Type { get; set; }

    /// <summary>Gets or sets whether the channel delivers; a disabled channel records its notifications as skipped.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the environments the channel serves; events from others are skipped.</summary>
    /// <value>Defaults to empty: every environment.</value>
    public List<string> Environments { get; set; } = [];

    /// <summary>
    /// Gets or sets whether the channel is sent resolve notifications (an incident resolved, or an event that arrives
    /// resolved). Off, they are recorded as skipped (<see cref="DeliveryReasonTags.ResolveDisabled"/>); an action can
    /// decide otherwise for itself (<see cref="Rules.RuleActionOptions.SendResolved"/>).
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SendResolved { get; set; } = true;

    /// <summary>
    /// Gets or sets the names of time intervals (<c>Alerting:TimeIntervals</c>) during which the channel sends no problem
    /// notifications, whichever rule they come from; they are recorded as suppressed (<see cref="DeliveryReasonTags.Muted"/>).
    /// Resolutions still go out.
    /// </summary>
    /// <value>Defaults to empty: never muted.</value>
    public List<string> MuteTimeIntervals { get; set; } = [];

    /// <summary>Gets or sets how many notifications the channel delivers at once. 1 keeps them in order.</summary>
    /// <value>Defaults to 4.</value>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets how many notifications may wait for the channel before dispatch waits for room; once full, routing
    /// resumes when the channel has worked through half of them.
    /// </summary>
    /// <value>Defaults to 10,000.</value>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Gets or sets how long one delivery attempt may take before it is abandoned as a transient failure.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the retry policy for transient failures (notifiers that retry internally are not retried again).</summary>
    public DeliveryRetryOptions Retry { get; set; } = new();

    /// <summary>Gets the outbound rate limit (a token bucket); by default the provider's published rate, if any.</summary>
    public ChannelRateLimitOptions RateLimit { get; set; } = new();
}
