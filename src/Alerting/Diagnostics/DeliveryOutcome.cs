using Alerting.Notifiers;

namespace Alerting;

/// <summary>The final outcome of one action for one event, as kept in the notification history.</summary>
public sealed class DeliveryOutcome
{
    /// <summary>Gets the id of the event.</summary>
    public required string EventId { get; init; }

    /// <summary>Gets the type of the event.</summary>
    public required string EventType { get; init; }

    /// <summary>Gets the source of the event.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the name of the rule whose action this was; <see langword="null"/> for test sends and dropped events.</summary>
    public string? RuleName { get; init; }

    /// <summary>Gets the channel notified, or <c>callback</c> for host-callback actions; <see langword="null"/> for dropped events.</summary>
    public string? ChannelName { get; init; }

    /// <summary>Gets the severity shown (after any override by the action).</summary>
    public AlertSeverity Severity { get; init; }

    /// <summary>Gets the final state.</summary>
    public DeliveryOutcomeStatus Status { get; init; }

    /// <summary>Gets why it failed, was suppressed or was skipped, free of secrets.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets why in one word from <see cref="DeliveryReasonTags"/> (<c>permanent</c>, <c>deduplicated</c>...); <see langword="null"/> when delivered.</summary>
    public string? ReasonTag { get; init; }

    /// <summary>Gets how many delivery attempts were made (0 when none was).</summary>
    public int Attempts { get; init; }

    /// <summary>Gets when the outcome was reached.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Gets how long delivery took, retries included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the rendered title, when a notification was rendered.</summary>
    public string? Title { get; init; }

    /// <summary>Gets the incident the notification belonged to, when its rule tracks incidents.</summary>
    public string? IncidentId { get; init; }

    /// <summary>Gets the escalation level (1-based) that sent the notification, when an escalation policy did.</summary>
    public int? EscalationLevel { get; init; }

    /// <summary>Gets the outcome per recipient, for channels that send to each recipient separately (SMS numbers).</summary>
    /// <value>Empty for channels that send one message for everyone.</value>
    public IReadOnlyList<RecipientResult> Recipients { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        $"{Status} {EventType} from {Source} via {ChannelName ?? "-"} (rule {RuleName ?? "-"}, {Attempts} attempt(s)){(Reason is null ? "" : ": " + Reason)}";
}
