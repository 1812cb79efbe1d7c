using Microsoft.Extensions.Configuration;

namespace Alerting.DependencyInjection.Internal;

/// <summary>A configuration section passed to <c>AddAlerting(IConfiguration)</c>; channel options are bound from its <c>Channels</c>.</summary>
internal sealed class AlertingConfigurationSource(IConfiguration section)
{
    public IConfiguration Section { get; } = section;
}
