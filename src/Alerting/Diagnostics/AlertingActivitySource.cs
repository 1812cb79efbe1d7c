using System.Diagnostics;

namespace Alerting.Diagnostics;

/// <summary>The one <see cref="ActivitySource"/> Alerting traces with.</summary>
internal static class AlertingActivitySource
{
    public static ActivitySource Instance { get; } = new(AlertingTelemetry.ActivitySourceName);
}
