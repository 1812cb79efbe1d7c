using Alerting.Notifiers.Slack;
using Microsoft.Extensions.Configuration;

namespace Alerting;

/// <summary>Adds Slack channels to Alerting.</summary>
public static class SlackAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of Slack channels: <c>slack</c>.</summary>
    public const string TypeName = "slack";

    /// <summary>
    /// Adds a channel that posts Block Kit messages to Slack, through an incoming webhook or with a bot token. Options
    /// are bound from <c>Alerting:Channels:{channelName}</c> first, then <paramref name="configure"/> runs; take the
    /// webhook URL or token from configuration, never from source.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddSlack(this AlertingBuilder builder, string channelName, Action<SlackOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddSlackType().AddNotifier<SlackNotifier, SlackOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes <c>"Type": "slack"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddSlackType(this AlertingBuilder builder) =>
        builder.AddNotifierType<SlackNotifier, SlackOptions, SlackOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, SlackOptions options) => section.Bind(options);
}
