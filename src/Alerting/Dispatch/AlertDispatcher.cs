using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Alerting.Diagnostics;
using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Rules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using HttpStackWarmUp = Alerting.Notifiers.Http.Internal.HttpStackWarmUp;

namespace Alerting.Dispatch;

/// <summary>
/// The publisher (stage 1 of the flow) and the lifecycle of the dispatch behind it: a bounded event queue read by one
/// routing loop (<see cref="EventRouter"/>), which hands each action to its channel's bounded queue
/// (<see cref="ChannelQueues"/>), where per channel as many workers as its concurrency allows deliver. Runs as a hosted
/// service when there is a host, otherwise starts on first publish; stopping drains within
/// <see cref="AlertingOptions.DrainTimeout"/>. When that runs out, nothing new is routed or sent and no retry waits
/// (<c>_shed</c>); what is still queued is recorded as failed, while a request already sent finishes and is recorded by its
/// real result, until the host's own stop token ends it (<c>_abort</c>). One warning then sums up the loss and one
/// <c>delivery.failed</c> per channel that lost notifications is routed to the rules that take it.
/// </summary>
internal sealed class AlertDispatcher : IAlertPublisher, IHostedService, IAsyncDisposable
{
    private readonly DispatchSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertingMetrics _metrics;
    private readonly OutcomeRecorder _recorder;
    private readonly HealthCounters _counters = new();
    private readonly BackgroundWork _work;
    private readonly ChannelQueues _channels;
    private readonly EventRouter _router;
    private readonly WorkQueue<Envelope> _queue;
    private readonly CancellationTokenSource _shed = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _lifecycle = new();
    private readonly ConcurrentQueue<AlertEvent> _late = new();
    private readonly List<Task> _retiring = [];
    private CompiledAlerting? _compiled;
    private readonly IAlertOutbox? _sharedOutbox;
    private CountedOutbox? _outbox;
    private ITimer? _claims;
    private DeliveryProcessor? _processor;
    private Task _routing = Task.CompletedTask;
    private Task? _stopping;
    private bool _closing;
    private bool _started;

    public AlertDispatcher(
        DispatchSettings settings,
        NotificationHistory history,
        AlertingMetrics metrics,
        IIncidentStore incidents,
        IIncidentSchedule schedule,
        IThresholdStore thresholds,
        SilenceRegistry silences,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null,
        IAlertOutbox? outbox = null,
        BackgroundWork? work = null)
    {
        _sharedOutbox = outbox;
        _work = work ?? new BackgroundWork();
        _settings = settings;
        _time = time;
        _metrics = metrics;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting");
        _recorder = new OutcomeRecorder(history, metrics, _counters, time, _logger) { RaiseDeliveryFailed = TryEnqueueInternal };
        _channels = new ChannelQueues(_recorder, _work, _shed.Token, _abort.Token);
        _router = new EventRouter(incidents, schedule, thresholds, silences, _recorder, _channels, metrics, time, settings.Environment, _logger, _work);
        _queue = new WorkQueue<Envelope>(
            settings.QueueCapacity,
            singleReader: true,
            settings.QueueFullMode == QueueFullMode.DropOldest ? DropOldest : null);
        metrics.ObserveQueueLength(() => _queue.Count);
    }

    /// <summary>The rule router, which also notifies the channels of an incident acknowledged or resolved by hand.</summary>
    internal EventRouter Router => _router;

    /// <summary>Gets the configuration dispatch runs on, or <see langword="null"/> before it has started.</summary>
    internal CompiledAlerting? Running => Volatile.Read(ref _compiled);

    /// <summary>Gets whether dispatch runs, for <see cref="IAlertingHealth"/>.</summary>
    internal AlertingDispatchState State =>
        Volatile.Read(ref _stopping) is not null ? AlertingDispatchState.Stopped
        : Volatile.Read(ref _started) ? AlertingDispatchState.Running
        : AlertingDispatchState.NotStarted;

    /// <summary>Gets the settings dispatch was built with.</summary>
    internal DispatchSettings Settings => _settings;

    /// <summary>Gets how many events wait to be routed.</summary>
    internal int QueueLength => _queue.Count;

    /// <summary>Gets the counts <see cref="IAlertingHealth"/> reads: recent outcomes per channel, events dropped and refused.</summary>
    internal HealthCounters Counters => _counters;

    /// <summary>Gets how many events this instance keeps in its outbox until they are done; null without an outbox.</summary>
    internal int? OutboxBacklog => Volatile.Read(ref _outbox)?.Backlog;

    public ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        EnsureStarted();
        return _outbox is { } outbox
            ? KeepThenEnqueueAsync(Accept(alertEvent, new DeliveryTracker(alertEvent, outbox)), outbox, cancellationToken)
            : EnqueueAsync(Accept(alertEvent, null), cancellationToken);
    }

    public async Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        EnsureStarted();
        var tracker = new DeliveryTracker(alertEvent, _outbox);
        var envelope = Accept(alertEvent, tracker);
        if (_outbox is { } outbox)
        {
            await KeepThenEnqueueAsync(envelope, outbox, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false);
        }

        return await tracker.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an event dropped from the full queue to make room; its work ends.</summary>
    private void DropOldest(Envelope dropped)
    {
        _recorder.Dropped(dropped, "The queue was full; the oldest event was dropped.");
        _work.Exit();
    }

    /// <summary>Keeps the accepted event in the outbox, then queues it.</summary>
    private async ValueTask KeepThenEnqueueAsync(Envelope envelope, CountedOutbox outbox, CancellationToken cancellationToken)
    {
        try
        {
            await outbox.AddAsync(envelope.Event, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _work.Exit(); // not accepted
            throw;
        }

        await EnqueueAsync(envelope, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a test notification straight to a channel and waits for its outcome.</summary>
    internal async Task<DeliveryOutcome> SendTestAsync(DeliveryChannel channel, AlertEvent sample, CancellationToken cancellationToken)
    {
        EnsureStarted();
        sample.StampOnPublish(_time.GetUtcNow(), _settings.Environment);
        var tracker = new DeliveryTracker(sample);
        tracker.Expect();
        var delivery = new Delivery(new Envelope(sample, tracker, Activity.Current?.Context ?? default), DispatchCompiler.TestAction(channel), NotificationKind.Test);
        await _channels.HandOverAsync(delivery).ConfigureAwait(false);
        tracker.RoutingDone();
        var result = await tracker.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Outcomes[0];
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var compiled = EnsureStarted();
        if (_settings.WarmUp && compiled.Channels.Count > 0)
        {
            try
            {
                await HttpStackWarmUp.RunAsync(cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // A warm-up that fails costs the first notification its time, nothing else.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                Log.WarmUpFailed(_logger, ex.GetType().Name);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            _stopping ??= DrainAsync(cancellationToken);
            return _stopping;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _shed.Dispose();
        _abort.Dispose();
    }

    /// <summary>The compiled configuration, compiling it (and starting dispatch) if that has not happened yet.</summary>
    internal CompiledAlerting EnsureStarted()
    {
        if (Volatile.Read(ref _started))
        {
            return _compiled!;
        }

        lock (_lifecycle)
        {
            if (_stopping is not null)
            {
                throw new InvalidOperationException("Alerting has stopped; the event was not accepted.");
            }

            if (!_started)
            {
                Start();
            }

            return _compiled!;
        }
    }

    /// <summary>
    /// Compiles the configuration and starts the routing loop and the channel workers. Kept out of
    /// <see cref="EnsureStarted"/>, which every publish calls: its lambdas would cost that hot path a closure each time.
    /// </summary>
    private void Start()
    {
        _compiled = _settings.Compile();
        _router.Start(_compiled);

        var outbox = _sharedOutbox ?? (_settings.Outbox.Directory is not null ? new FileOutbox(_settings.Outbox, _logger) : null);
        Volatile.Write(ref _outbox, outbox is null ? null : new CountedOutbox(outbox));
        var claimed = _outbox?.ClaimAsync(_shed.Token); // before the first event is kept: the file outbox reads its file now

        var processor = new DeliveryProcessor(_recorder, _metrics, _time, _logger, _work, _shed.Token, _abort.Token);
        _processor = processor;
        _channels.StartWorkers(_compiled, processor);
        _routing = Task.Run(RouteAsync);
        Volatile.Write(ref _started, true);
        Log.Started(_logger, _compiled.Channels.Count, _compiled.Rules.Count);
        _settings.Started(ApplyAsync);
        if (claimed is { } first)
        {
            _work.Enter();
            _ = Task.Run(() => ReplayAsync(first));
            if (_outbox!.ClaimInterval is { } every)
            {
                _claims = _time.CreateTimer(_ => ClaimLater(), null, every, every);
            }
        }
    }

    /// <summary>Claims and replays what the outbox gives this instance now, counted as running work until it is queued.</summary>
    private void ClaimLater()
    {
        _work.Enter();
        _ = ReplayAsync(_outbox!.ClaimAsync(_shed.Token));
    }

    /// <summary>
    /// Queues again the events the outbox gives this instance (those it kept from before its last stop or crash, and
    /// with a shared outbox those of instances that stopped), in the order they were accepted. The caller has entered a
    /// unit of running work, which ends once the events are queued (each then counted on its own).
    /// </summary>
    private async Task ReplayAsync(ValueTask<IReadOnlyList<AlertEvent>> claim)
    {
        using var claiming = new BackgroundWork.Scope(_work);
        IReadOnlyList<AlertEvent> claimed;
        try
        {
            claimed = await claim.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return; // stopping
        }
#pragma warning disable CA1031 // An outbox that cannot be read now is claimed from again later (or at the next start); dispatch goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.OutboxClaimFailed(_logger, ex);
            return;
        }

        foreach (var e in claimed)
        {
            _work.Enter();
            try
            {
                await _queue.WriteAsync(new Envelope(e, new DeliveryTracker(e, _outbox), default, Replayed: true), _shed.Token).ConfigureAwait(false);
                _metrics.EventPublished(e.Type);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                _work.Exit();
                return; // stopping again: the rest stay in the outbox for the next start
            }
        }
    }

    /// <summary>Stamps an event published now and counts it as running work, until it is routed or not accepted.</summary>
    private Envelope Accept(AlertEvent alertEvent, DeliveryTracker? tracker)
    {
        _work.Enter();
        alertEvent.StampOnPublish(_time.GetUtcNow(), _settings.Environment);
        var parent = Activity.Current?.Context ?? default;
        var source = AlertingActivitySource.Instance;
        if (source.HasListeners())
        {
            using var activity = source.StartActivity("alerting.publish", ActivityKind.Producer);
            activity?.SetTag(AlertingTelemetryTags.EventType, alertEvent.Type);
            activity?.SetTag(AlertingTelemetryTags.Severity, AlertingMetrics.SeverityTag(alertEvent.Severity));
            parent = activity?.Context ?? parent;
        }

        return new Envelope(alertEvent, tracker, parent);
    }

    private ValueTask EnqueueAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        if (_queue.TryWrite(envelope))
        {
            _metrics.EventPublished(envelope.Event.Type);
            return default;
        }

        if (_stopping is not null)
        {
            NotAccepted(envelope);
            throw new InvalidOperationException("Alerting has stopped; the event was not accepted.");
        }

        if (_settings.QueueFullMode == QueueFullMode.Reject)
        {
            _counters.EventRefused(_time.GetUtcNow());
            NotAccepted(envelope);
            throw new AlertQueueFullException();
        }

        return WaitForRoomAsync(envelope, cancellationToken);
    }

    private async ValueTask WaitForRoomAsync(Envelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            NotAccepted(envelope);
            throw new InvalidOperationException("Alerting has stopped; the event was not accepted.", ex);
        }
        catch (OperationCanceledException)
        {
            NotAccepted(envelope);
            throw;
        }

        _metrics.EventPublished(envelope.Event.Type);
    }

    /// <summary>The publisher was told the event was not accepted: the outbox forgets it, and its work ends.</summary>
    private void NotAccepted(in Envelope envelope)
    {
        envelope.Tracker?.Outbox?.Done(envelope.Event.Id);
        _work.Exit();
    }

    /// <summary>
    /// Queues an event Alerting raises itself (<c>delivery.failed</c>). While stopping, the queue is closed to publishers:
    /// such an event is kept and routed once the channels have drained (<see cref="EventRouter.RouteLateAsync"/>).
    /// </summary>
    private bool TryEnqueueInternal(AlertEvent alertEvent)
    {
        alertEvent.StampOnPublish(_time.GetUtcNow(), _settings.Environment);
        _work.Enter();
        if (_queue.TryWrite(new Envelope(alertEvent, null, Activity.Current?.Context ?? default)))
        {
            _metrics.EventPublished(alertEvent.Type);
            return true;
        }

        _work.Exit(); // routed late, after the drain, if at all
        if (!Volatile.Read(ref _closing))
        {
            return false;
        }

        _late.Enqueue(alertEvent);
        return true;
    }

    /// <summary>
    /// Swaps in a changed configuration: its channels' workers start, routing moves to it, and the configuration it
    /// replaces is retired once no routing step uses it (its queued deliveries finish on it, then its notifiers are
    /// disposed). Once stopping has begun, nothing is swapped and the change's notifiers are disposed.
    /// </summary>
    private ValueTask ApplyAsync(CompiledAlerting next)
    {
        lock (_lifecycle)
        {
            if (_stopping is null)
            {
                _channels.StartWorkers(next, _processor!);
                var previous = _router.Swap(next);
                Volatile.Write(ref _compiled, next);
                _retiring.RemoveAll(t => t.IsCompleted);
                _retiring.Add(RetireAsync(previous));
                return ValueTask.CompletedTask;
            }
        }

        return next.DisposeNotifiersAsync();
    }

    private async Task RetireAsync(CompiledAlerting previous)
    {
        await previous.RetireAsync().ConfigureAwait(false);
        await _channels.RetireAsync(previous.Targets).ConfigureAwait(false);
        await previous.DisposeNotifiersAsync().ConfigureAwait(false);
    }

    private async Task RouteAsync()
    {
        try
        {
            while (await _queue.WaitToReadAsync(_shed.Token).ConfigureAwait(false))
            {
                while (!_shed.IsCancellationRequested && _queue.TryRead(out var envelope))
                {
                    try
                    {
                        await _router.RouteAsync(envelope).ConfigureAwait(false);
                    }
                    finally
                    {
                        _work.Exit();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_shed.IsCancellationRequested)
        {
            // Stopping ran out of time: what is still queued is recorded below.
        }
        finally
        {
            _router.EndRouting();
        }

        while (_queue.TryRead(out var left))
        {
            _recorder.NotDispatched(left);
            _work.Exit();
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        _router.Dispose(); // no escalation starts once stopping has begun
        _claims?.Dispose(); // nor a claim of another instance's events
        Volatile.Write(ref _closing, true);
        _queue.Complete();
        if (!_started)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var timedOut = false;
        using (var deadline = TimerLimit.IsUnlimited(_settings.DrainTimeout) ? new CancellationTokenSource() : new CancellationTokenSource(_settings.DrainTimeout, _time))
        using (cancellationToken.Register(deadline.Cancel))
        {
            try
            {
                await _routing.WaitAsync(deadline.Token).ConfigureAwait(false);
                _channels.Complete();
                await Task.WhenAll(_channels.Workers).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Out of time: route and send nothing new, wait no retry; the loops record what is left as failed,
                // and the outbox keeps those events for the next start.
                timedOut = true;
                _outbox?.KeepPending();
                await _shed.CancelAsync().ConfigureAwait(false);
                Log.DrainTimedOut(_logger, _settings.DrainTimeout);
            }
        }

        // Requests already sent finish (each within its channel's Timeout) and are recorded by their real result,
        // unless the host's own stop token ends them first.
        using (cancellationToken.Register(_abort.Cancel))
        {
            await _routing.ConfigureAwait(false);
            _channels.Complete();
            await Task.WhenAll(_channels.Workers).ConfigureAwait(false);
            _channels.RecordLeft(); // routing may have queued a delivery after its channel's workers had left
            await _shed.CancelAsync().ConfigureAwait(false); // what is routed late gets one attempt, no retry waits
            await RouteLateAsync(timedOut ? _recorder.TakeShutdownLossEvents(_settings.DrainTimeout) : []).ConfigureAwait(false);
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        if (_outbox is { } outbox)
        {
            await outbox.CloseAsync().ConfigureAwait(false);
        }

        await DisposeNotifiersAsync().ConfigureAwait(false);
        if (timedOut || _recorder.ShutdownFailures > 0)
        {
            Log.StoppedWithLoss(_logger, _settings.DrainTimeout, _recorder.ShutdownFailures, _recorder.DescribeShutdownLosses(), _outbox is null ? "" : " The outbox keeps their events for the next start.");
        }
        else
        {
            Log.Stopped(_logger, _time.GetElapsedTime(started));
        }
    }

    /// <summary>Once every channel has drained: disposes the notifiers of the configuration in force and of those it replaced.</summary>
    private async Task DisposeNotifiersAsync()
    {
        Task[] retiring;
        lock (_lifecycle)
        {
            retiring = [.. _retiring];
        }

        await Task.WhenAll(retiring).ConfigureAwait(false);
        await _compiled!.DisposeNotifiersAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Once the channels have drained: the <c>delivery.failed</c> events raised while stopping (the queue was closed by
    /// then), then <paramref name="losses"/>, routed by <see cref="EventRouter.RouteLateAsync"/>.
    /// </summary>
    private Task RouteLateAsync(IReadOnlyList<AlertEvent> losses)
    {
        var late = new List<AlertEvent>();
        while (_late.TryDequeue(out var raised))
        {
            late.Add(raised);
        }

        return _router.RouteLateAsync([.. late, .. losses], _processor!, _abort.Token);
    }
}
