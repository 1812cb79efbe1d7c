using Alerting;
using Alerting.DependencyInjection.Internal;
using Alerting.Diagnostics;
using Alerting.Dispatch;
using Alerting.Incidents;
using Alerting.Monitoring;
using Alerting.Rules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Alerting to a service collection.</summary>
public static class AlertingServiceCollectionExtensions
{
    /// <summary>
    /// Adds Alerting, configured in code. Registers <see cref="IAlertPublisher"/>, <see cref="IAlertingTester"/>,
    /// <see cref="INotificationHistory"/>, <see cref="IAlertingHealth"/> and the background dispatch (a hosted service when a host runs; otherwise it
    /// starts on first publish and drains when the service provider is disposed). May be called more than once, and
    /// combined with <see cref="AddAlerting(IServiceCollection, IConfiguration, Action{AlertingBuilder}?)"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Adds channels and rules.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAlerting(this IServiceCollection services, Action<AlertingBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        configure(AddCore(services));
        return services;
    }

    /// <summary>
    /// Adds Alerting, configured from a configuration section (usually <c>configuration.GetSection("Alerting")</c>)
    /// holding <c>Channels</c> (name: <c>Type</c> and options), <c>Rules</c> (name: conditions and <c>Actions</c>)
    /// and the <see cref="AlertingOptions"/> settings; then, optionally, in code.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="section">The <c>Alerting</c> configuration section.</param>
    /// <param name="configure">Adds channels, rules and custom notifier types in code.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddAlerting(this IServiceCollection services, IConfiguration section, Action<AlertingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        var builder = AddCore(services);
        services.AddSingleton(new AlertingConfigurationSource(section));
        services.AddSingleton<IOptionsChangeTokenSource<AlertingOptions>>(new ConfigurationChangeTokenSource<AlertingOptions>(section));
        services.AddSingleton<IConfigureOptions<AlertingOptions>>(new AlertingSectionConfigureOptions(section));
        configure?.Invoke(builder);
        return services;
    }

    private static AlertingBuilder AddCore(IServiceCollection services)
    {
        var builder = new AlertingBuilder(services);
        if (services.Any(d => d.ServiceType == typeof(AlertDispatcher)))
        {
            return builder;
        }

        services.AddOptions<AlertingOptions>().ValidateOnStart();
        services.AddHttpClient();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertingOptions>, AlertingOptionsValidator>());
        services.AddSingleton<AlertingCompiler>();
        services.AddSingleton<ConfigurationState>();
        services.AddSingleton<ConfigurationReloader>();
        services.AddSingleton(sp => new AlertingMetrics(sp.GetService<IMeterFactory>()));
        services.AddIncidents();
        services.TryAddSingleton<IThresholdStore, InMemoryThresholdStore>();
        services.TryAddSingleton<IRateLimitStore, InMemoryRateLimitStore>();
        services.TryAddSingleton<INotificationHistoryStore>(sp => new InMemoryNotificationHistoryStore(Math.Max(1, sp.GetRequiredService<IOptions<AlertingOptions>>().Value.HistoryCapacity)));
        services.AddSingleton(sp => new NotificationHistory(
            sp.GetRequiredService<INotificationHistoryStore>(),
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("Alerting")));
        services.AddSingleton<INotificationHistory>(sp => sp.GetRequiredService<NotificationHistory>());
        services.AddSingleton(sp =>
        {
            var compiler = sp.GetRequiredService<AlertingCompiler>();
            var monitor = sp.GetRequiredService<IOptionsMonitor<AlertingOptions>>();
            var options = sp.GetRequiredService<IOptions<AlertingOptions>>().Value;
            return new DispatchSettings(
                options.Environment,
                options.QueueCapacity,
                options.QueueFullMode,
                options.DrainTimeout,
                options.Outbox,
                options.WarmUp,
                () => compiler.GetOrCompile(monitor.CurrentValue),
                apply => sp.GetRequiredService<ConfigurationReloader>().Start(apply));
        });
        services.AddDispatch();
        services.AddOptions<MonitoringSettings>().Configure<IOptions<AlertingOptions>>((monitoring, alerting) =>
        {
            monitoring.Jobs = alerting.Value.Jobs;
            monitoring.Services = alerting.Value.Services;
        });
        services.AddMonitoring();
        services.AddSingleton<IAlertingTester, AlertingTester>();
        builder.AddConsoleType();
        builder.AddPagerDutyType();
        builder.AddWebhookType();
        builder.AddEmailType();
        builder.AddSlackType();
        builder.AddTeamsType();
        builder.AddTwilioType();
        builder.AddJobRunActionType();
        return builder;
    }
}
