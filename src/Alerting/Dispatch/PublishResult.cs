namespace Alerting;

/// <summary>What became of one event published with <see cref="IAlertPublisher.PublishAndWaitAsync"/>.</summary>
public sealed class PublishResult
{
    internal PublishResult(AlertEvent alertEvent, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        Event = alertEvent;
        Outcomes = outcomes;
    }

    /// <summary>Gets the event as it was accepted (timestamp and environment filled in).</summary>
    public AlertEvent Event { get; }

    /// <summary>Gets the outcome of each action the event triggered; empty when no rule matched.</summary>
    public IReadOnlyList<DeliveryOutcome> Outcomes { get; }

    /// <summary>Gets whether any rule matched the event.</summary>
    public bool Matched => Outcomes.Count > 0;

    /// <summary>Gets whether every triggered action was delivered (false when nothing matched).</summary>
    public bool AllDelivered => Matched && Outcomes.All(o => o.Status == DeliveryOutcomeStatus.Delivered);
}
