using Alerting.Quartz;
using Alerting.Quartz.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting;

/// <summary>Adds Quartz.NET host actions to Alerting: channels that pause or resume a trigger or job.</summary>
public static class QuartzActionAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of Quartz actions: <c>quartz</c>.</summary>
    public const string TypeName = "quartz";

    /// <summary>
    /// Adds a channel that pauses or resumes a Quartz.NET trigger or job instead of sending a message (by default the
    /// trigger or job of the run the event is about). Rules name it like any channel (<c>Notify("pause-import")</c>);
    /// each action is recorded in history like a delivery. The scheduler comes from the registered
    /// <see cref="global::Quartz.ISchedulerFactory"/> (<c>services.AddQuartz(...)</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the action's options; bound from <c>Alerting:Channels:{channelName}</c> first.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddQuartzAction(this AlertingBuilder builder, string channelName, Action<QuartzActionOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        builder.AddQuartzActionType().ConfigureChannel(channelName, channel => channel.Type = TypeName);
        if (configure is not null)
        {
            builder.Services.Configure(channelName, configure);
        }

        return builder;
    }

    /// <summary>Makes <c>"Type": "quartz"</c> usable by channels defined in configuration.</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddQuartzActionType(this AlertingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddNotifierType<QuartzActionNotifier, QuartzActionOptions, QuartzActionOptionsValidator>(Bind, TypeName);
    }

    /// <summary>Binds a channel's options from its configuration section.</summary>
    private static void Bind(IConfiguration section, QuartzActionOptions options) => section.Bind(options);
}
