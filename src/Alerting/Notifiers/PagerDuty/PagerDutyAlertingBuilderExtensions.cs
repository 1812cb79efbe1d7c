using Alerting.Notifiers.PagerDuty;
using Microsoft.Extensions.Configuration;

namespace Alerting;

/// <summary>Adds PagerDuty channels to Alerting.</summary>
public static class PagerDutyAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of PagerDuty channels: <c>pagerduty</c>.</summary>
    public const string TypeName = "pagerduty";

    /// <summary>
    /// Adds a channel that sends to PagerDuty's Events API v2. Options are bound from <c>Alerting:Channels:{channelName}</c>
    /// first, then <paramref name="configure"/> runs; take the routing key from configuration, never from source.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddPagerDuty(this AlertingBuilder builder, string channelName, Action<PagerDutyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddPagerDutyType().AddNotifier<PagerDutyNotifier, PagerDutyOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes <c>"Type": "pagerduty"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddPagerDutyType(this AlertingBuilder builder) =>
        builder.AddNotifierType<PagerDutyNotifier, PagerDutyOptions, PagerDutyOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, PagerDutyOptions options) => section.Bind(options);
}
