using Alerting.Diagnostics;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Which configuration runs, shared without dependencies: the reloader writes it; start-up validation (which must not
/// judge changes once the first configuration runs) and <see cref="IAlertingTester"/> read it.
/// </summary>
internal sealed class ConfigurationState
{
    private AlertingConfigurationStatus _status = new(0, default, [], null);

    /// <summary>Gets which configuration runs (version 0 until dispatch has started), and the problems of the last rejected change.</summary>
    public AlertingConfigurationStatus Status => Volatile.Read(ref _status);

    /// <summary>Gets whether the first configuration runs: from then on a change is the reloader's to judge.</summary>
    public bool IsRunning => Status.Version > 0;

    public void Set(AlertingConfigurationStatus status) => Volatile.Write(ref _status, status);
}
