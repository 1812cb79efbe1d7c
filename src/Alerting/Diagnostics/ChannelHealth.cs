namespace Alerting.Diagnostics;

/// <summary>One channel in an <see cref="AlertingHealthSnapshot"/>: its circuit, its queue and its recent final outcomes.</summary>
public sealed class ChannelHealth
{
    /// <summary>Gets the channel's name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the state of the channel's circuit breaker; <see cref="ChannelCircuitState.None"/> when it has none.</summary>
    public ChannelCircuitState Circuit { get; init; }

    /// <summary>Gets how many notifications wait in the channel's queue.</summary>
    public int QueueLength { get; init; }

    /// <summary>Gets how many notifications the channel's queue holds at most (<see cref="ChannelOptions.QueueCapacity"/>).</summary>
    public int QueueCapacity { get; init; }

    /// <summary>Gets how many notifications the channel delivered within the snapshot's window.</summary>
    public int Delivered { get; init; }

    /// <summary>
    /// Gets how many notifications to the channel failed within the snapshot's window, retries exhausted or failing
    /// permanently (those Alerting's own stop left undelivered are not counted).
    /// </summary>
    public int Failed { get; init; }

    /// <summary>Gets the reason tag (<see cref="DeliveryReasonTags"/>) of the channel's last failure since Alerting started; <see langword="null"/> when none failed.</summary>
    public string? LastFailureReasonTag { get; init; }

    /// <summary>Gets when the channel's last failure was recorded; <see langword="null"/> when none failed.</summary>
    public DateTimeOffset? LastFailureAt { get; init; }

    /// <summary>Gets when the channel last delivered; <see langword="null"/> when it has not since Alerting started.</summary>
    public DateTimeOffset? LastDeliveredAt { get; init; }
}
