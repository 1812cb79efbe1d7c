using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;
using Alerting.Templates;

namespace Alerting.Dispatch;

/// <summary>A configured channel at run time: its notifier, its settings and its own bounded queue of deliveries.</summary>
internal sealed class DeliveryChannel : ActionTarget
{
    /// <summary>A channel.</summary>
    /// <param name="name">The channel name.</param>
    /// <param name="options">Its settings.</param>
    /// <param name="notifier">Its notifier.</param>
    /// <param name="templates">Its compiled templates.</param>
    /// <param name="time">The clock of its rate limit.</param>
    /// <param name="rateLimits">Where its rate limit's bucket is kept; one of its own when <see langword="null"/>.</param>
    public DeliveryChannel(string name, ChannelOptions options, INotifier notifier, TemplateSet templates, TimeProvider? time = null, IRateLimitStore? rateLimits = null)
        : base(name, templates)
    {
        Options = options;
        Notifier = notifier;
        Capabilities = notifier.Capabilities;
        RateLimit = ChannelRateLimit.For(name, options.RateLimit, Capabilities, rateLimits ?? new InMemoryRateLimitStore(), time ?? TimeProvider.System);
        Environments = options.Environments.Count == 0 ? null : new HashSet<string>(options.Environments, StringComparer.OrdinalIgnoreCase);
        Queue = new WorkQueue<Delivery>(options.QueueCapacity, singleReader: options.MaxConcurrency == 1);
    }

    public ChannelOptions Options { get; }

    public INotifier Notifier { get; }

    public NotifierCapabilities Capabilities { get; }

    /// <summary>The channel's outbound rate limit, or null when it has none.</summary>
    public ChannelRateLimit? RateLimit { get; }

    public HashSet<string>? Environments { get; }

    /// <summary>The channel's mute time intervals; null when it has none.</summary>
    public TimeWindows? Windows { get; init; }

    public WorkQueue<Delivery> Queue { get; }

    /// <summary>Why the channel does not serve the event, or null when it does.</summary>
    public string? SkipReason(AlertEvent alertEvent)
    {
        if (!Options.Enabled)
        {
            return DeliveryReasonTags.Disabled;
        }

        return Environments is not null && (alertEvent.Environment is null || !Environments.Contains(alertEvent.Environment))
            ? DeliveryReasonTags.Environment
            : null;
    }
}
