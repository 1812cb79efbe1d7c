using Alerting.Monitoring;
using Alerting.Monitoring.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting;

/// <summary>Adds host actions on monitored job runs to Alerting.</summary>
public static class JobRunActionAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of job run actions: <c>job-run</c>.</summary>
    public const string TypeName = "job-run";

    /// <summary>
    /// Adds a channel that acts on a run of Alerting's job monitor instead of sending a message: by default it cancels
    /// the run the event names (a rule on <c>job.timed_out</c> stops the run that overran), through the token
    /// <c>IJobMonitor.RunAsync</c> gave the work. Each action is recorded in history like a delivery; resolves are
    /// skipped. Rules name it like any channel (<c>Notify("cancel-run")</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the action's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddJobRunAction(this AlertingBuilder builder, string channelName, Action<JobRunActionOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        builder.AddJobRunActionType().ConfigureChannel(channelName, channel => channel.Type = TypeName);
        if (configure is not null)
        {
            builder.Services.Configure(channelName, configure);
        }

        return builder;
    }

    /// <summary>Makes <c>"Type": "job-run"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddJobRunActionType(this AlertingBuilder builder) =>
        builder.AddNotifierType<JobRunActionNotifier, JobRunActionOptions, JobRunActionOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, JobRunActionOptions options) => section.Bind(options);
}
