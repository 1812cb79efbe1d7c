using Alerting;
using Alerting.Diagnostics;
using Alerting.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Connects the app's health checks (<c>services.AddHealthChecks()</c>) and Alerting, both ways.</summary>
public static class AlertingHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check of Alerting's own health: the event queue, each channel's circuit, recent failures and queue, the
    /// outbox backlog and the shared store (see <see cref="AlertingHealthCheckOptions"/> for the thresholds). Its
    /// description and data name each channel and reason, never a secret. Needs <c>services.AddAlerting(...)</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">What the check reports when Alerting is unhealthy; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>. Degraded findings report degraded, or this when it is milder.</param>
    /// <param name="tags">Tags of the check, to filter health endpoints by.</param>
    /// <param name="configure">Changes the thresholds.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">A threshold is out of range; the message names each.</exception>
    public static IHealthChecksBuilder AddAlerting(
        this IHealthChecksBuilder builder,
        string name = "alerting",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        Action<AlertingHealthCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = new AlertingHealthCheckOptions();
        configure?.Invoke(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"Alerting health check '{name}': {string.Join(" ", problems)}", nameof(configure));
        }

        return builder.Add(new HealthCheckRegistration(
            name,
            services => new AlertingHealthCheck(
                services.GetService<IAlertingHealth>() ?? throw new InvalidOperationException("The Alerting health check needs Alerting: call services.AddAlerting(...)."),
                options),
            failureStatus,
            tags));
    }

    /// <summary>
    /// Publishes the changes of the app's health checks as Alerting events, per check: <c>health.degraded</c> or
    /// <c>health.unhealthy</c> when it enters that state, <c>health.recovered</c> (resolved) when it is healthy again,
    /// with source the check's name, dedup key <c>health:{check}</c>, and the check's status, previous status,
    /// description, duration, tags and exception type as attributes. Route them with rules like any event; their
    /// incidents page once per problem. Reports are published by the health check publisher service, every
    /// <see cref="HealthCheckPublisherOptions.Period"/> (30 s by default).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="configure">Changes severities, or which checks are published.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder PublishToAlerting(this IHealthChecksBuilder builder, Action<AlertingHealthPublisherOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<AlertingHealthPublisherOptions>()
            .Validate(o => Enum.IsDefined(o.DegradedSeverity) && Enum.IsDefined(o.UnhealthySeverity), "AlertingHealthPublisherOptions: DegradedSeverity and UnhealthySeverity must be Info, Warning, Error or Critical.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthCheckPublisher, AlertingHealthPublisher>());
        return builder;
    }
}
