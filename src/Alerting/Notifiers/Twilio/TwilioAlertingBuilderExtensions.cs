using Alerting.Notifiers.Twilio;
using Microsoft.Extensions.Configuration;

namespace Alerting;

/// <summary>Adds Twilio SMS channels to Alerting.</summary>
public static class TwilioAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of Twilio SMS channels: <c>twilio</c>.</summary>
    public const string TypeName = "twilio";

    /// <summary>
    /// Adds a channel that sends SMS through Twilio's Messages API, one message per recipient with a result per
    /// recipient. Options are bound from <c>Alerting:Channels:{channelName}</c> first, then <paramref name="configure"/>
    /// runs; take the auth token or API key secret from configuration, never from source.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddTwilio(this AlertingBuilder builder, string channelName, Action<TwilioOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTwilioType().AddNotifier<TwilioNotifier, TwilioOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes <c>"Type": "twilio"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddTwilioType(this AlertingBuilder builder) =>
        builder.AddNotifierType<TwilioNotifier, TwilioOptions, TwilioOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, TwilioOptions options) => section.Bind(options);
}
