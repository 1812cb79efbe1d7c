using System.Globalization;
using Alerting.Diagnostics;
using Alerting.Testing.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Testing;

/// <summary>
/// Drives an app's Alerting in a test: its clock (a <see cref="FakeTimeProvider"/>), a wait until everything Alerting
/// started is done, and the recording channels. Registered by <c>AddAlertingTesting</c> as a singleton of the service
/// provider; resolve it from there.
/// </summary>
/// <remarks>
/// Nothing here sleeps or polls: waiting follows <see cref="IAlertingBackgroundWork"/>, which Alerting signals as its
/// work starts and ends, and the clock moves only when the test says so, or while Alerting stops: disposing the service
/// provider stops Alerting first and moves the clock as its drain waits (a retry, the app's <c>DrainTimeout</c>), so a
/// test that ends with a retry pending does not wait for a clock nobody moves. A wait that does not end within
/// <see cref="WaitTimeout"/> (real time) throws a <see cref="TimeoutException"/> that says what is still running.
/// </remarks>
public sealed class AlertingTestHarness
{
    /// <summary>How many timers one call may move the clock through before it gives up (a timer firing too often to step through).</summary>
    private const int MaxSteps = 100_000;

    private readonly SteppingTimeProvider _time;

    internal AlertingTestHarness(SteppingTimeProvider time, NotificationRecorder recorder, IAlertingBackgroundWork work, TimeSpan waitTimeout)
    {
        _time = time;
        Recorder = recorder;
        BackgroundWork = work;
        WaitTimeout = waitTimeout;
    }

    /// <summary>Gets the app's clock. Alerting reads it and creates its timers on it (through the <see cref="TimeProvider"/> registered for the app).</summary>
    public FakeTimeProvider Clock => _time.Clock;

    /// <summary>Gets what the recording channels were handed, and how they answer.</summary>
    public NotificationRecorder Recorder { get; }

    /// <summary>Gets Alerting's count of its background work, which the waits here follow.</summary>
    public IAlertingBackgroundWork BackgroundWork { get; }

    /// <summary>Gets how long (real time) a wait here may take before it throws.</summary>
    public TimeSpan WaitTimeout { get; }

    /// <summary>A recording channel, by name (case-insensitive): <see cref="NotificationRecorder.Channel"/>.</summary>
    /// <param name="channelName">The channel's name.</param>
    /// <returns>The channel.</returns>
    /// <exception cref="ArgumentException">No channel of that name records.</exception>
    public RecordedChannel Channel(string channelName) => Recorder.Channel(channelName);

    /// <summary>
    /// Waits until Alerting is idle: every event published has been routed, every notification delivered or failed for
    /// good (its <c>delivery.failed</c> routed too), every step and deadline that came due has run. Notifications waiting
    /// for the clock (before a retry, or for a rate limit) are waited for by moving the clock forward, timer by timer, as
    /// far as they wait and no further; whatever else comes due on the way (an escalation, a deadline) runs in its turn.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once Alerting is idle.</returns>
    /// <exception cref="TimeoutException">Alerting was still busy after <see cref="WaitTimeout"/>; the message says with what.</exception>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        await SettleAsync(cancellationToken).ConfigureAwait(false);
        for (var steps = 0; BackgroundWork.WaitingForTime > 0; steps++)
        {
            var next = _time.NextDue() ?? throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"{BackgroundWork.WaitingForTime} notification(s) wait for the clock, but no timer is armed on the harness's clock: was another TimeProvider registered after AddAlertingTesting?"));
            await StepAsync(next, steps, "the notifications waiting for the clock had been sent", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="delta"/>, timer by timer: at each time a timer is due (an escalation
    /// level, a monitor's deadline, a retry, a group flush) the clock stops, and what the timer starts runs to its end
    /// before the clock goes on, so a level that comes due after an earlier one fires at its own time. Returns once
    /// nothing runs at the new time; a notification waiting for a later time stays waiting.
    /// </summary>
    /// <param name="delta">How far to move the clock.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes once the clock has moved and nothing runs.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    /// <exception cref="TimeoutException">Alerting was still busy after <see cref="WaitTimeout"/> at one of the stops; the message says with what.</exception>
    public async Task AdvanceAsync(TimeSpan delta, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        var target = Clock.GetUtcNow() + delta;
        await SettleAsync(cancellationToken).ConfigureAwait(false);
        for (var steps = 0; _time.NextDue() is { } next && next <= target; steps++)
        {
            await StepAsync(next, steps, string.Create(CultureInfo.InvariantCulture, $"the clock had reached {target:O}"), cancellationToken).ConfigureAwait(false);
        }

        if (Clock.GetUtcNow() < target)
        {
            Clock.SetUtcNow(target);
            await SettleAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops Alerting as a host's stop would (no new events; what is queued drains), moving the clock while the drain
    /// waits for it; a stop already begun (by a host) is waited for the same way.
    /// </summary>
    internal async Task StopAsync(IHostedService dispatch)
    {
        var stopping = dispatch.StopAsync(CancellationToken.None);
        for (var steps = 0; !stopping.IsCompleted; steps++)
        {
            await Task.WhenAny(stopping, BackgroundWork.WaitForSettledAsync()).WaitAsync(WaitTimeout, TimeProvider.System).ConfigureAwait(false);
            if (stopping.IsCompleted)
            {
                break;
            }

            if (_time.NextDue() is not { } next)
            {
                await stopping.WaitAsync(WaitTimeout, TimeProvider.System).ConfigureAwait(false);
                break;
            }

            await StepAsync(next, steps, "Alerting had stopped", CancellationToken.None).ConfigureAwait(false);
        }

        await stopping.ConfigureAwait(false);
    }

    /// <summary>Moves the clock to a timer's due time (never back), firing it, and waits until what it started has run.</summary>
    private async Task StepAsync(DateTimeOffset due, int steps, string until, CancellationToken cancellationToken)
    {
        if (steps >= MaxSteps)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"The clock was moved through {MaxSteps} timers before {until}, and is at {Clock.GetUtcNow():O}: a timer of the app fires too often to step through."));
        }

        if (due > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(due);
        }

        _time.ForgetPassed();
        await SettleAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until nothing runs, for at most <see cref="WaitTimeout"/>.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        try
        {
            await BackgroundWork.WaitForSettledAsync(cancellationToken).WaitAsync(WaitTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Alerting was still busy after {WaitTimeout.TotalSeconds:0.#} s with {BackgroundWork.Running} unit(s) of work running (events being routed, notifications being delivered, incident steps or monitor deadlines running) at {Clock.GetUtcNow():O}. A notifier that never answers, or a publisher waiting for room in a full queue, keeps it busy."),
                ex);
        }
    }
}
