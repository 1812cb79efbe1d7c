using Alerting.Hangfire;
using Alerting.Hangfire.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting;

/// <summary>Adds Hangfire host actions to Alerting: channels that pause, resume or trigger a recurring job.</summary>
public static class HangfireActionAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of Hangfire actions: <c>hangfire</c>.</summary>
    public const string TypeName = "hangfire";

    /// <summary>
    /// Adds a channel that pauses, resumes or triggers a Hangfire recurring job instead of sending a message (by default
    /// the recurring job of the run the event is about). Rules name it like any channel (<c>Notify("pause-import")</c>);
    /// each action is recorded in history like a delivery. The storage is the registered
    /// <see cref="global::Hangfire.JobStorage"/> (<c>services.AddHangfire(...)</c>), else <c>JobStorage.Current</c>.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the action's options; bound from <c>Alerting:Channels:{channelName}</c> first.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddHangfireAction(this AlertingBuilder builder, string channelName, Action<HangfireActionOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        builder.AddHangfireActionType().ConfigureChannel(channelName, channel => channel.Type = TypeName);
        if (configure is not null)
        {
            builder.Services.Configure(channelName, configure);
        }

        return builder;
    }

    /// <summary>Makes <c>"Type": "hangfire"</c> usable by channels defined in configuration.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddHangfireActionType(this AlertingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNotifierType<HangfireActionNotifier, HangfireActionOptions, HangfireActionOptionsValidator>(Bind, TypeName);
    }

    /// <summary>Binds a channel's options from its configuration section.</summary>
    private static void Bind(IConfiguration section, HangfireActionOptions options) => section.Bind(options);
}
