using Alerting.Samples.CustomNotifier;

namespace Alerting;

/// <summary>Registration of the Gotify notifier: one call, in the namespace of the builder, as a plugin package would ship it.</summary>
public static class GotifyAlertingBuilderExtensions
{
    /// <summary>Adds a Gotify channel in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules use.</param>
    /// <param name="configure">Sets the options (after configuration).</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddGotify(this AlertingBuilder builder, string channelName, Action<GotifyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddGotifyType();
        return builder.AddNotifier<GotifyNotifier, GotifyOptions>(channelName, configure);
    }

    /// <summary>Lets configuration define Gotify channels with <c>"Type": "gotify"</c>.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddGotifyType(this AlertingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNotifierType<GotifyNotifier, GotifyOptions, GotifyOptionsValidator>();
    }
}
