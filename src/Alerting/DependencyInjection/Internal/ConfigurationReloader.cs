using Alerting.Diagnostics;
using Alerting.Dispatch;
using Alerting.Monitoring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Applies configuration changes while Alerting runs. Once dispatch has started on the first configuration, every
/// change of <see cref="AlertingOptions"/> (a reload-on-change file, or an <c>IOptionsMonitor</c> change from code) is
/// compiled off the hot path, the notifier options bound afresh (so a changed secret is used), and handed whole to
/// dispatch; a change with problems is rejected with every problem logged (1019), counted and kept in the
/// <see cref="ConfigurationState"/> (<see cref="IAlertingTester.Configuration"/>), and the configuration before it
/// keeps running. Changes are applied one
/// at a time, in the order they came.
/// </summary>
internal sealed class ConfigurationReloader(
    IOptionsMonitor<AlertingOptions> monitor,
    AlertingCompiler compiler,
    ConfigurationState state,
    IMonitorConfiguration monitoring,
    IEnumerable<NotifierRegistration> registrations,
    IServiceProvider services,
    AlertingMetrics metrics,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : IDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting");
    private readonly SemaphoreSlim _applying = new(1, 1);
    private Func<CompiledAlerting, ValueTask> _apply = _ => ValueTask.CompletedTask;
    private IDisposable? _subscription;
    private bool _disposed;

    /// <summary>Records that dispatch runs its first configuration, and from now on hands each valid change to <paramref name="apply"/>.</summary>
    public void Start(Func<CompiledAlerting, ValueTask> apply)
    {
        _apply = apply;
        state.Set(new AlertingConfigurationStatus(1, time.GetUtcNow(), [], null));
        _subscription = monitor.OnChange((options, name) =>
        {
            if (name is null || name == Options.DefaultName)
            {
                _ = Task.Run(() => ApplyAsync(options));
            }
        });
    }

    public void Dispose()
    {
        _subscription?.Dispose();
        Volatile.Write(ref _disposed, true);
    }

    private async Task ApplyAsync(AlertingOptions options)
    {
        await _applying.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _disposed))
            {
                return;
            }

            foreach (var registration in registrations)
            {
                registration.ForgetOptions(services);
            }

            var (compiled, problems) = await compiler.CompileChangeAsync(options).ConfigureAwait(false);
            var status = state.Status;
            if (compiled is null)
            {
                state.Set(new AlertingConfigurationStatus(status.Version, status.AppliedAt, problems, time.GetUtcNow()));
                metrics.ConfigurationChanged(applied: false);
                Log.ConfigurationRejected(_logger, problems.Count, status.Version, string.Join(" | ", problems));
                return;
            }

            await _apply(compiled).ConfigureAwait(false);
            monitoring.Apply(new MonitoringSettings { Jobs = options.Jobs, Services = options.Services });
            state.Set(new AlertingConfigurationStatus(status.Version + 1, time.GetUtcNow(), [], null));
            metrics.ConfigurationChanged(applied: true);
            Log.ConfigurationApplied(_logger, status.Version + 1, compiled.Channels.Count, compiled.Rules.Count);
        }
#pragma warning disable CA1031 // A change that cannot be applied must never take the host down; the running configuration stays.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var status = state.Status;
            state.Set(new AlertingConfigurationStatus(status.Version, status.AppliedAt, [$"The change could not be applied: {ex.GetType().Name}."], time.GetUtcNow()));
            metrics.ConfigurationChanged(applied: false);
            Log.ConfigurationRejected(_logger, 1, status.Version, ex.GetType().Name);
        }
        finally
        {
            _applying.Release();
        }
    }
}
