using Alerting.Notifiers.Console;
using Alerting.Notifiers.Console.Internal;

namespace Alerting;

/// <summary>Adds console channels to Alerting.</summary>
public static class ConsoleAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of console channels: <c>console</c>.</summary>
    public const string TypeName = "console";

    /// <summary>Adds a channel that writes notifications to standard output or a logger; needs no account.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddConsole(this AlertingBuilder builder, string channelName = TypeName, Action<ConsoleNotifierOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNotifier<ConsoleNotifier, ConsoleNotifierOptions>(channelName, ConsoleChannelSettings.Bind, configure);
    }

    /// <summary>Makes <c>"Type": "console"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddConsoleType(this AlertingBuilder builder) =>
        builder.AddNotifierType<ConsoleNotifier, ConsoleNotifierOptions>(ConsoleChannelSettings.Bind, TypeName);
}
