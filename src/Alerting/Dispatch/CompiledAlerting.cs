using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Rules;
using Alerting.DependencyInjection;

namespace Alerting.Dispatch;

/// <summary>The validated configuration in its run-time form.</summary>
internal sealed class CompiledAlerting(RuleIndex rules, IReadOnlyDictionary<string, DeliveryChannel> channels, IReadOnlyList<DeliveryChannel> targets, IReadOnlyList<Silence> silences)
{
    public RuleIndex Rules { get; } = rules;

    /// <summary>The configured channels by name.</summary>
    public IReadOnlyDictionary<string, DeliveryChannel> Channels { get; } = channels;

    /// <summary>Every queue with workers: the channels and one per host-callback action.</summary>
    public IReadOnlyList<DeliveryChannel> Targets { get; } = targets;

    /// <summary>The silences from configuration.</summary>
    public IReadOnlyList<Silence> Silences { get; } = silences;
}
