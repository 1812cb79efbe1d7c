using Alerting;
using Alerting.Diagnostics;
using Alerting.Testing;
using Alerting.Testing.Internal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds what a test of an app that uses Alerting needs: recording channels, a fake clock and the <see cref="AlertingTestHarness"/>.</summary>
public static class AlertingTestingServiceCollectionExtensions
{
    /// <summary>
    /// Puts the app's Alerting under test: the app runs on a <see cref="FakeTimeProvider"/> (registered as the
    /// <see cref="TimeProvider"/> in place of any other, and as itself), the channels <paramref name="configure"/> names
    /// record what they would have sent instead of sending it (<see cref="NotificationRecorder"/>), and an
    /// <see cref="AlertingTestHarness"/> moves the clock and waits for Alerting to be done. Call it after the app's own
    /// registrations (<c>AddAlerting</c>), once.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configure">Names the channels that record (<see cref="AlertingTestingBuilder.RecordAllChannels"/>) and the clock.</param>
    /// <returns>The services.</returns>
    /// <exception cref="InvalidOperationException">It was called before on these services.</exception>
    public static IServiceCollection AddAlertingTesting(this IServiceCollection services, Action<AlertingTestingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(AlertingTestHarness)))
        {
            throw new InvalidOperationException("AddAlertingTesting was already called on these services.");
        }

        var builder = new AlertingTestingBuilder(services);
        configure?.Invoke(builder);

        var time = new SteppingTimeProvider(builder.Clock ?? new FakeTimeProvider());
        services.RemoveAll<TimeProvider>();
        services.RemoveAll<FakeTimeProvider>();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(time.Clock);

        services.AddAlerting(alerting => alerting.AddNotifierType<RecordingNotifier, RecordingChannelOptions>(static (_, _) => { }, RecordingNotifier.TypeName));
        var recordsAll = builder.RecordsAll;
        string[] recorded = [.. builder.Recorded];
        services.PostConfigure<AlertingOptions>(options =>
        {
            foreach (var (name, channel) in options.Channels)
            {
                if (recordsAll || recorded.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    channel.Type = RecordingNotifier.TypeName;
                }
            }
        });
        services.AddSingleton<IValidateOptions<AlertingOptions>>(new RecordedChannelsValidator(recorded));
        foreach (var (name, capabilities) in builder.Capabilities)
        {
            services.Configure<RecordingChannelOptions>(name, options => options.Capabilities = capabilities);
        }

        services.AddSingleton(sp => new NotificationRecorder(sp.GetRequiredService<IOptionsMonitor<AlertingOptions>>()));
        var waitTimeout = builder.WaitTimeout;

        // The harness comes with what stops dispatch on disposal, created after dispatch (the publisher is resolved first),
        // so the container disposes it, which stops dispatch while moving the fake clock for its drain, before dispatch.
        services.AddSingleton(sp => new StopOnDispose(
            sp.GetRequiredService<IAlertPublisher>() as IHostedService,
            new AlertingTestHarness(time, sp.GetRequiredService<NotificationRecorder>(), sp.GetRequiredService<IAlertingBackgroundWork>(), waitTimeout)));
        services.AddSingleton(sp => sp.GetRequiredService<StopOnDispose>().Harness);
        return services;
    }
}
