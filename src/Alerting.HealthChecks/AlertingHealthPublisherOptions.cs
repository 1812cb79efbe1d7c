using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alerting.HealthChecks;

/// <summary>How the app's health check changes become events (<c>services.AddHealthChecks().PublishToAlerting(...)</c>).</summary>
public sealed class AlertingHealthPublisherOptions
{
    /// <summary>Gets or sets the severity of <c>health.degraded</c> events.</summary>
    /// <value>Defaults to <see cref="AlertSeverity.Warning"/>.</value>
    public AlertSeverity DegradedSeverity { get; set; } = AlertSeverity.Warning;

    /// <summary>Gets or sets the severity of <c>health.unhealthy</c> events.</summary>
    /// <value>Defaults to <see cref="AlertSeverity.Error"/>.</value>
    public AlertSeverity UnhealthySeverity { get; set; } = AlertSeverity.Error;

    /// <summary>
    /// Gets or sets which checks are published, by name and entry (for example all but the Alerting check itself, when
    /// its own failures should not page through Alerting). All of them when <see langword="null"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>.</value>
    public Func<string, HealthReportEntry, bool>? Predicate { get; set; }
}
