using Alerting.Notifiers.Teams;
using Microsoft.Extensions.Configuration;

namespace Alerting;

/// <summary>Adds Microsoft Teams channels to Alerting.</summary>
public static class TeamsAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of Teams channels: <c>teams</c>.</summary>
    public const string TypeName = "teams";

    /// <summary>
    /// Adds a channel that posts Adaptive Cards to Microsoft Teams through a Workflows webhook. Options are bound from
    /// <c>Alerting:Channels:{channelName}</c> first, then <paramref name="configure"/> runs; take the webhook URL from
    /// configuration, never from source.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddTeams(this AlertingBuilder builder, string channelName, Action<TeamsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTeamsType().AddNotifier<TeamsNotifier, TeamsOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes <c>"Type": "teams"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddTeamsType(this AlertingBuilder builder) =>
        builder.AddNotifierType<TeamsNotifier, TeamsOptions, TeamsOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, TeamsOptions options) => section.Bind(options);
}
