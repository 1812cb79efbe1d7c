namespace Alerting.Diagnostics;

/// <summary>The names Alerting publishes its telemetry under, so you can subscribe to them.</summary>
/// <example>
/// <code>
/// builder.Services.AddOpenTelemetry()
///     .WithMetrics(m => m.AddMeter(AlertingTelemetry.MeterName))
///     .WithTracing(t => t.AddSource(AlertingTelemetry.ActivitySourceName));
/// </code>
/// </example>
public static class AlertingTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Alerting</c>.</summary>
    public const string MeterName = "Alerting";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>Alerting</c>.</summary>
    public const string ActivitySourceName = "Alerting";
}
