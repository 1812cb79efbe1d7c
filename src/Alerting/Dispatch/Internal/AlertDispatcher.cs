using System.Collections.Concurrent;
using System.Globalization;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Alerting.Diagnostics;
using Alerting.DependencyInjection.Internal;
using Alerting.Incidents;
using Alerting.Incidents.Internal;
using Alerting.Notifiers;
using Alerting.Rules;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerting.Dispatch.Internal;

/// <summary>
/// The publisher and the background dispatch behind it: a bounded event queue, one routing loop that matches rules
/// (and applies thresholds) and hands each action to its channel's bounded queue, and per channel as many workers as
/// its concurrency allows. Runs as a hosted service when there is a host, otherwise starts on first publish; stopping
/// drains within <see cref="AlertingOptions.DrainTimeout"/>. When that runs out, nothing new is routed or sent and no
/// retry waits (<c>_shed</c>); what is still queued is recorded as failed, while a request already sent finishes and is
/// recorded by its real result, until the host's own stop token ends it (<c>_abort</c>). One warning then sums up the
/// loss and one <c>delivery.failed</c> per channel that lost notifications is routed to the rules that take it.
/// </summary>
internal sealed partial class AlertDispatcher : IAlertPublisher, IHostedService, IAsyncDisposable
{
    private readonly AlertingOptions _options;
    private readonly AlertingCompiler _compiler;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AlertingMetrics _metrics;
    private readonly OutcomeRecorder _recorder;
    private readonly IIncidentStore _incidents;
    private readonly SilenceRegistry _silences;
    private readonly IncidentTimers _timers;
    private readonly WorkQueue<Envelope> _queue;
    private readonly CancellationTokenSource _shed = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _lifecycle = new();
    private readonly List<CompiledRule> _candidates = [];
    private readonly ConcurrentQueue<AlertEvent> _late = new();
    private CompiledAlerting? _compiled;
    private FileOutbox? _outbox;
    private DeliveryProcessor? _processor;
    private Task _routing = Task.CompletedTask;
    private Task[] _workers = [];
    private Task? _stopping;
    private bool _closing;
    private bool _started;

    public AlertDispatcher(
        IOptions<AlertingOptions> options,
        AlertingCompiler compiler,
        NotificationHistory history,
        AlertingMetrics metrics,
        IIncidentStore incidents,
        SilenceRegistry silences,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null)
    {
        _options = options.Value;
        _incidents = incidents;
        _silences = silences;
        _timers = new IncidentTimers(time, RunStepAsync);
        _compiler = compiler;
        _time = time;
        _metrics = metrics;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Alerting");
        _recorder = new OutcomeRecorder(history, metrics, time, _logger) { RaiseDeliveryFailed = TryEnqueueInternal };
        _queue = new WorkQueue<Envelope>(
            _options.QueueCapacity,
            singleReader: true,
            _options.QueueFullMode == QueueFullMode.DropOldest ? dropped => _recorder.Dropped(dropped, "The queue was full; the oldest event was dropped.") : null);
        metrics.ObserveQueueLength(() => _queue.Count);
    }

    public ValueTask PublishAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        EnsureStarted();
        return EnqueueAsync(Accept(alertEvent, _outbox is { } outbox ? new DeliveryTracker(alertEvent, outbox) : null), cancellationToken);
    }

    public async Task<PublishResult> PublishAndWaitAsync(AlertEvent alertEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alertEvent);
        EnsureStarted();
        var tracker = new DeliveryTracker(alertEvent, _outbox);
        await EnqueueAsync(Accept(alertEvent, tracker), cancellationToken).ConfigureAwait(false);
        return await tracker.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a test notification straight to a channel and waits for its outcome.</summary>
    internal async Task<DeliveryOutcome> SendTestAsync(DeliveryChannel channel, AlertEvent sample, CancellationToken cancellationToken)
    {
        EnsureStarted();
        sample.StampOnPublish(_time.GetUtcNow(), _options.Environment);
        var tracker = new DeliveryTracker(sample);
        tracker.Expect();
        var delivery = new Delivery(new Envelope(sample, tracker, Activity.Current?.Context ?? default), AlertingCompiler.TestAction(channel), NotificationKind.Test);
        if (!channel.Queue.TryWrite(delivery))
        {
            await WaitForChannelAsync(delivery).ConfigureAwait(false);
        }

        tracker.RoutingDone();
        var result = await tracker.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return result.Outcomes[0];
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
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
        _compiled = _compiler.GetOrCompile(_options);
        foreach (var silence in _compiled.Silences)
        {
            _silences.Add(silence);
        }

        IReadOnlyList<AlertEvent> recovered = [];
        if (_options.Outbox.Directory is not null)
        {
            _outbox = new FileOutbox(_options.Outbox, _logger);
            recovered = _outbox.Recover();
        }

        var processor = new DeliveryProcessor(_recorder, _metrics, _time, _logger, _shed.Token, _abort.Token);
        _processor = processor;
        _workers = [.. _compiled.Targets.SelectMany(channel =>
            Enumerable.Range(0, Math.Max(1, channel.Options.MaxConcurrency)).Select(_ => Task.Run(() => WorkAsync(channel, processor))))];
        _routing = Task.Run(RouteAsync);
        Volatile.Write(ref _started, true);
        Log.Started(_logger, _compiled.Channels.Count, _compiled.Rules.Count);
        if (recovered.Count > 0)
        {
            _ = Task.Run(() => ReplayAsync(recovered));
        }
    }

    /// <summary>Queues again the events the outbox kept from before the last stop or crash, in the order they were accepted.</summary>
    private async Task ReplayAsync(IReadOnlyList<AlertEvent> recovered)
    {
        foreach (var e in recovered)
        {
            try
            {
                await _queue.WriteAsync(new Envelope(e, new DeliveryTracker(e, _outbox), default), _shed.Token).ConfigureAwait(false);
                _metrics.EventPublished(e.Type);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
            {
                return; // stopping again: the rest stay in the outbox for the next start
            }
        }
    }

    private Envelope Accept(AlertEvent alertEvent, DeliveryTracker? tracker)
    {
        alertEvent.StampOnPublish(_time.GetUtcNow(), _options.Environment);
        tracker?.Outbox?.Add(alertEvent);
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

        if (_options.QueueFullMode == QueueFullMode.Reject)
        {
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

    /// <summary>The publisher was told the event was not accepted: the outbox forgets it.</summary>
    private static void NotAccepted(in Envelope envelope) => envelope.Tracker?.Outbox?.Done(envelope.Event.Id);

    /// <summary>
    /// Queues an event Alerting raises itself (<c>delivery.failed</c>). While stopping, the queue is closed to publishers:
    /// such an event is kept and routed once the channels have drained (<see cref="RouteLateAsync"/>).
    /// </summary>
    private bool TryEnqueueInternal(AlertEvent alertEvent)
    {
        alertEvent.StampOnPublish(_time.GetUtcNow(), _options.Environment);
        if (_queue.TryWrite(new Envelope(alertEvent, null, Activity.Current?.Context ?? default)))
        {
            _metrics.EventPublished(alertEvent.Type);
            return true;
        }

        if (!Volatile.Read(ref _closing))
        {
            return false;
        }

        _late.Enqueue(alertEvent);
        return true;
    }

    private async Task RouteAsync()
    {
        try
        {
            while (await _queue.WaitToReadAsync(_shed.Token).ConfigureAwait(false))
            {
                while (!_shed.IsCancellationRequested && _queue.TryRead(out var envelope))
                {
                    await RouteAsync(envelope).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_shed.IsCancellationRequested)
        {
            // Stopping ran out of time: what is still queued is recorded below.
        }

        while (_queue.TryRead(out var left))
        {
            _recorder.NotDispatched(left);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RouteAsync(Envelope envelope)
    {
        var e = envelope.Event;
        if (ResolvingEvents.ProblemsResolvedBy(e.Type) is { } problems)
        {
            foreach (var incident in await _incidents.FindBySourceAsync(e.Source, problems).ConfigureAwait(false))
            {
                await ResolveIncidentAsync(envelope, incident, ResolvingCopy(incident, e.Message)).ConfigureAwait(false);
            }
        }

        var silence = _silences.Find(e, _time);
        _compiled!.Rules.CollectCandidates(e.Type, _candidates);
        foreach (var rule in _candidates)
        {
            if (!Admits(envelope, rule, silence))
            {
                continue;
            }

            if (rule.Threshold is { } threshold && !threshold.Record(e.EffectiveDedupKey, e.Timestamp, out var seen))
            {
                RecordSuppressed(envelope, rule, $"Threshold not reached: {seen} of {threshold.Count} matches within {threshold.Window}.", DeliveryReasonTags.Threshold);
                continue;
            }

            if (rule.Incidents is not { } policy || e.Type == AlertEventTypes.IncidentUpdated)
            {
                await QueueAsync(envelope, rule.Actions, null).ConfigureAwait(false);
            }
            else if (e.Status == AlertStatus.Resolved)
            {
                // A resolve for an incident goes to the channels notified for it. One for an incident not known here
                // (opened before a restart, say) still goes to every channel: a provider may hold it open.
                if (await _incidents.FindAsync(rule.Name, policy.Key(e)).ConfigureAwait(false) is { } open)
                {
                    await ResolveIncidentAsync(envelope, open, e).ConfigureAwait(false);
                }
                else
                {
                    await QueueAsync(envelope, rule.Actions, null).ConfigureAwait(false);
                }
            }
            else
            {
                await RouteFiringAsync(envelope, rule, policy).ConfigureAwait(false);
            }
        }

        envelope.Tracker?.RoutingDone();
    }

    /// <summary>Whether <paramref name="rule"/> matches the event and no silence holds it back (which is then recorded).</summary>
    private bool Admits(Envelope envelope, CompiledRule rule, Silence? silence)
    {
        if (!RuleMatches(rule, envelope.Event))
        {
            return false;
        }

        if (silence is not null)
        {
            RecordSuppressed(envelope, rule, silence.Reason, DeliveryReasonTags.Silenced);
            return false;
        }

        return true;
    }

    private void RecordSuppressed(Envelope envelope, CompiledRule rule, string reason, string reasonTag, IncidentContext? incident = null)
    {
        foreach (var action in rule.Actions)
        {
            envelope.Tracker?.Expect();
            _recorder.HeldBack(new Delivery(envelope, action, NotificationKind.Trigger, incident), DeliveryOutcomeStatus.Suppressed, reason, reasonTag);
        }
    }

    /// <summary>Queues a delivery per action; for an incident, returns the channels that were handed one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<List<string>?> QueueAsync(Envelope envelope, CompiledAction[] actions, IncidentContext? incident, NotificationKind? kind = null)
    {
        var e = envelope.Event;
        var queued = incident is null ? null : new List<string>();
        foreach (var action in actions)
        {
            envelope.Tracker?.Expect();
            var delivery = new Delivery(envelope, action, kind ?? (e.Status == AlertStatus.Resolved ? NotificationKind.Resolve : NotificationKind.Trigger), incident);
            if (action.Target.SkipReason(e) is { } skip)
            {
                _recorder.HeldBack(delivery, DeliveryOutcomeStatus.Skipped, $"Channel {action.Target.Name} does not serve this event ({skip}).", skip);
                continue;
            }

            if (_shed.IsCancellationRequested)
            {
                _recorder.Failed(delivery, "Alerting stopped before the notification was queued.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
                continue;
            }

            if (!action.Target.Queue.TryWrite(delivery))
            {
                await WaitForChannelAsync(delivery).ConfigureAwait(false);
            }

            queued?.Add(action.Target.Name);
        }

        return queued;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask WaitForChannelAsync(Delivery delivery)
    {
        try
        {
            await delivery.Action.Target.Queue.WriteAsync(delivery, _shed.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            _recorder.Failed(delivery, "Alerting stopped before the notification was queued.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
        }
    }

    private bool RuleMatches(CompiledRule rule, AlertEvent e)
    {
        try
        {
            // Attribute conditions format host values (ToString may throw) and run regexes (which may time out).
            return rule.MatchesFields(e) && (rule.Predicate is not { } predicate || predicate(e));
        }
#pragma warning disable CA1031 // A host predicate's bug must not stop dispatch; it is logged and counts as no match.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.RuleConditionFailed(_logger, ex, rule.Name, e.Type, e.Source);
            return false;
        }
    }

    private async Task WorkAsync(DeliveryChannel channel, DeliveryProcessor processor)
    {
        var queue = channel.Queue;
        using var slot = new WorkerSlot(_abort.Token);
        try
        {
            while (await queue.WaitToReadAsync(_shed.Token).ConfigureAwait(false))
            {
                while (!_shed.IsCancellationRequested && queue.TryRead(out var delivery))
                {
                    await processor.DeliverAsync(delivery, slot).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (_shed.IsCancellationRequested)
        {
            // Stopping ran out of time: what is still queued is recorded below.
        }

        RecordLeft(queue);
    }

    private void RecordLeftInChannelQueues()
    {
        foreach (var channel in _compiled!.Targets)
        {
            RecordLeft(channel.Queue);
        }
    }

    private void RecordLeft(WorkQueue<Delivery> queue)
    {
        while (queue.TryRead(out var left))
        {
            _recorder.Failed(left, "Alerting stopped before the notification was delivered.", DeliveryReasonTags.Shutdown, 0, TimeSpan.Zero);
        }
    }

    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        _timers.Dispose(); // no escalation starts once stopping has begun
        Volatile.Write(ref _closing, true);
        _queue.Complete();
        if (!_started)
        {
            return;
        }

        var started = _time.GetTimestamp();
        var timedOut = false;
        using (var deadline = TimerLimit.IsUnlimited(_options.DrainTimeout) ? new CancellationTokenSource() : new CancellationTokenSource(_options.DrainTimeout, _time))
        using (cancellationToken.Register(deadline.Cancel))
        {
            try
            {
                await _routing.WaitAsync(deadline.Token).ConfigureAwait(false);
                CompleteChannelQueues();
                await Task.WhenAll(_workers).WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Out of time: route and send nothing new, wait no retry; the loops record what is left as failed,
                // and the outbox keeps those events for the next start.
                timedOut = true;
                _outbox?.KeepPending();
                await _shed.CancelAsync().ConfigureAwait(false);
                Log.DrainTimedOut(_logger, _options.DrainTimeout);
            }
        }

        // Requests already sent finish (each within its channel's Timeout) and are recorded by their real result,
        // unless the host's own stop token ends them first.
        using (cancellationToken.Register(_abort.Cancel))
        {
            await _routing.ConfigureAwait(false);
            CompleteChannelQueues();
            await Task.WhenAll(_workers).ConfigureAwait(false);
            RecordLeftInChannelQueues(); // routing may have queued a delivery after its channel's workers had left
            await _shed.CancelAsync().ConfigureAwait(false); // what is routed late gets one attempt, no retry waits
            await RouteLateAsync(timedOut ? _recorder.TakeShutdownLossEvents(_options.DrainTimeout) : []).ConfigureAwait(false);
        }

        await _abort.CancelAsync().ConfigureAwait(false);
        _outbox?.Dispose();
        if (timedOut || _recorder.ShutdownFailures > 0)
        {
            Log.StoppedWithLoss(_logger, _options.DrainTimeout, _recorder.ShutdownFailures, _recorder.DescribeShutdownLosses(), _outbox is null ? "" : " The outbox keeps their events for the next start.");
        }
        else
        {
            Log.Stopped(_logger, _time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Once the channels have drained: the <c>delivery.failed</c> events raised while stopping (the queue was closed by
    /// then), and after a drain that ran out of time one per channel that lost notifications (<paramref name="losses"/>),
    /// for the rules that take <c>delivery.failed</c> (silences and a channel's environments apply; thresholds and
    /// incidents do not), each action delivered once, here and now, within the host's stop token.
    /// </summary>
    private async Task RouteLateAsync(IReadOnlyList<AlertEvent> losses)
    {
        using var slot = new WorkerSlot(_abort.Token);
        var late = new List<AlertEvent>();
        while (_late.TryDequeue(out var raised))
        {
            late.Add(raised);
        }

        foreach (var loss in late.Concat(losses))
        {
            loss.StampOnPublish(_time.GetUtcNow(), _options.Environment);
            _metrics.EventPublished(loss.Type);
            var envelope = new Envelope(loss, null, default);
            var silence = _silences.Find(loss, _time);
            _compiled!.Rules.CollectCandidates(loss.Type, _candidates);
            foreach (var rule in _candidates)
            {
                if (!Admits(envelope, rule, silence))
                {
                    continue;
                }

                foreach (var action in rule.Actions)
                {
                    var delivery = new Delivery(envelope, action, NotificationKind.Trigger);
                    if (action.Target.SkipReason(loss) is { } skip)
                    {
                        _recorder.HeldBack(delivery, DeliveryOutcomeStatus.Skipped, $"Channel {action.Target.Name} does not serve this event ({skip}).", skip);
                        continue;
                    }

                    await _processor!.DeliverAsync(delivery, slot).ConfigureAwait(false);
                }
            }
        }
    }

    private void CompleteChannelQueues()
    {
        foreach (var channel in _compiled!.Targets)
        {
            channel.Queue.Complete();
        }
    }
}
