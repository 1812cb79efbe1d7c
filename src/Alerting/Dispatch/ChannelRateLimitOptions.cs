namespace Alerting;

/// <summary>
/// The outbound rate limit of a channel: a token bucket holding <see cref="PermitLimit"/> permits, refilled evenly over
/// <see cref="Period"/>. Each delivery takes one permit before it is sent; a notification over the rate waits its turn
/// (in order, never dropped), and that wait does not count against the channel's <see cref="ChannelOptions.Timeout"/>.
/// The bucket is kept in the <see cref="IRateLimitStore"/>: in this process by default, shared by every instance of an
/// app with <c>Alerting.Redis</c>.
/// </summary>
public sealed class ChannelRateLimitOptions
{
    /// <summary>Gets or sets how many deliveries the channel may make per <see cref="Period"/> (and at most in a burst).</summary>
    /// <value>
    /// Defaults to <see langword="null"/>: the provider's published rate (PagerDuty: 120 per minute), or no limit when the
    /// notifier declares none (webhooks). 0 turns every limit off.
    /// </value>
    public int? PermitLimit { get; set; }

    /// <summary>Gets or sets the period over which <see cref="PermitLimit"/> permits are refilled.</summary>
    /// <value>Defaults to <see langword="null"/>: the provider's period, or 1 minute.</value>
    public TimeSpan? Period { get; set; }
}
