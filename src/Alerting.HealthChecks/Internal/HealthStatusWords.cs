using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Alerting.HealthChecks.Internal;

/// <summary>A <see cref="HealthStatus"/> as the lowercase word the check's data and the published events' attributes use.</summary>
internal static class HealthStatusWords
{
    public static string Of(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
