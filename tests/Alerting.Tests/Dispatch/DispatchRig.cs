using Alerting.Diagnostics;
using Alerting.Dispatch.Internal;
using Alerting.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Alerting.Tests.Dispatch;

/// <summary>
/// An <see cref="AlertingHarness"/> on a <see cref="TimerClock"/>. Disposing it opens every gate it handed out, gives
/// the drain its deadline and fails the test (instead of hanging it) if stopping still does not finish.
/// </summary>
internal sealed class DispatchRig : IAsyncDisposable
{
    private readonly List<Gate> _gates = [];

    private DispatchRig(AlertingHarness harness, TimerClock clock)
    {
        Harness = harness;
        Clock = clock;

        // Resolved now so stopping works even after a test disposed the provider itself.
        Dispatcher = harness.Get<AlertDispatcher>();
        DrainTimeout = harness.Get<IOptions<AlertingOptions>>().Value.DrainTimeout;
    }

    public AlertingHarness Harness { get; }

    public TimerClock Clock { get; }

    public IAlertPublisher Publisher => Harness.Publisher;

    public INotificationHistory History => Harness.Get<INotificationHistory>();

    internal AlertDispatcher Dispatcher { get; }

    private TimeSpan DrainTimeout { get; }

    public static DispatchRig Create(Action<AlertingBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var clock = new TimerClock();
        var harness = AlertingHarness.Create(configure, s =>
        {
            // Registered last, so it wins over the harness's own clock.
            s.AddSingleton<TimeProvider>(clock);
            services?.Invoke(s);
        });
        return new DispatchRig(harness, clock);
    }

    /// <summary>A gate that this rig opens when it is disposed, so a failed assertion never leaves a worker blocked.</summary>
    public Gate NewGate()
    {
        var gate = new Gate();
        _gates.Add(gate);
        return gate;
    }

    /// <summary>Publishes and waits for the outcomes, firing the fake clock's timers (retries, timeouts) as they appear.</summary>
    public Task<PublishResult> PublishAndRunAsync(AlertEvent alertEvent) =>
        Clock.RunUntilAsync(Publisher.PublishAndWaitAsync(alertEvent));

    /// <summary>
    /// Publishes and fires the short timers (retry waits of up to 5 s) as they appear, never the longer per-request or
    /// channel timeouts, which would fire before a real HTTP answer is read.
    /// </summary>
    public async Task<PublishResult> PublishAndRunRetryWaitsAsync(AlertEvent alertEvent)
    {
        var publishing = Publisher.PublishAndWaitAsync(alertEvent);
        while (!publishing.IsCompleted)
        {
            var next = Clock.NextTimerAsync();
            await Task.WhenAny(publishing, next).WaitAsync(TimerClock.Guard);
            if (next.IsCompletedSuccessfully && next.Result <= TimeSpan.FromSeconds(5))
            {
                Clock.Advance(next.Result);
            }
        }

        return await publishing;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gate in _gates)
        {
            gate.Open();
        }

        var stopping = Dispatcher.StopAsync(CancellationToken.None);
        Clock.Advance(DrainTimeout);
        await stopping.WaitAsync(TimerClock.Guard);
        await Harness.DisposeAsync().AsTask().WaitAsync(TimerClock.Guard);
    }
}
