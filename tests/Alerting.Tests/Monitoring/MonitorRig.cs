using Alerting.Monitoring;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Monitoring;

/// <summary>
/// The monitor on a fake clock (09:00 UTC on 22 November 2026), with a publisher that records what it is given, so a
/// test sees each event the moment the checker raises it.
/// </summary>
internal sealed class MonitorRig : IAsyncDisposable
{
    private readonly AlertingHarness _harness;
    private readonly RecordingPublisher _published = new();

    private MonitorRig(Action<AlertingBuilder> configure, DateTimeOffset? start)
    {
        _harness = AlertingHarness.Create(configure, services => services.AddSingleton<IAlertPublisher>(_published));
        if (start is { } at)
        {
            _harness.Time.SetUtcNow(at);
        }
    }

    public FakeTimeProvider Time => _harness.Time;

    public IJobMonitor Jobs => _harness.Get<IJobMonitor>();

    public IServiceMonitor Services => _harness.Get<IServiceMonitor>();

    /// <summary>Every event published so far, in order.</summary>
    public IReadOnlyList<AlertEvent> Events => [.. _published.Events];

    /// <summary>Creates the rig and starts the checker as a host would.</summary>
    public static async Task<MonitorRig> StartAsync(Action<AlertingBuilder> configure, DateTimeOffset? start = null)
    {
        var rig = new MonitorRig(configure, start);
        foreach (var hosted in rig._harness.Provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return rig;
    }

    /// <summary>
    /// Advances the clock by <paramref name="total"/> in steps, as time passes in production, where the checker's
    /// timer fires at each deadline (one big jump folds the deadlines it skips into one, as after a machine's sleep).
    /// </summary>
    public void AdvanceInSteps(TimeSpan total, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            Time.Advance(step);
        }
    }

    public T Get<T>()
        where T : notnull => _harness.Get<T>();

    /// <summary>The events of one type, in order.</summary>
    public IReadOnlyList<AlertEvent> OfType(string type) => [.. _published.Events.Where(e => e.Type == type)];

    public ValueTask DisposeAsync() => _harness.DisposeAsync();
}
