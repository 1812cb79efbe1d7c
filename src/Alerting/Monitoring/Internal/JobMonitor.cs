using System.Globalization;
using Alerting.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Alerting.Monitoring.Internal;

/// <summary>
/// The job and service monitor and its background checker. Every deadline (a scheduled start plus its grace, a run's
/// maximum and expected run time, a heartbeat timeout, a service's next check) sits in one priority queue, and one timer
/// from the <see cref="TimeProvider"/> is armed for the earliest; so a deadline costs O(log n) and nothing scans the
/// registered jobs. Runs as a hosted service when there is a host; otherwise it starts on first use. Events are built
/// under the lock and published after it, never throwing into the job's code. Service health is counted and judged by
/// the <see cref="IServiceHealthStore"/>, and what the replicas of an app must agree on about job runs by the
/// <see cref="IJobRunStore"/>, both called outside the lock (a shared store is a round trip); a decision that comes due
/// in a drain is made after it, in its place among the events. A deadline is running <see cref="BackgroundWork"/> from
/// its timer's callback until its events are published, a store's later answer included.
/// </summary>
internal sealed partial class JobMonitor : IJobMonitor, IServiceMonitor, IMonitorConfiguration, IHostedService, IDisposable
{
    private readonly HashSet<string> _configuredJobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _configuredServices = new(StringComparer.OrdinalIgnoreCase);
    private MonitoringSettings _options;
    private readonly IAlertPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PriorityQueue<Deadline, (DateTimeOffset At, long Order)> _deadlines = new();
    private readonly Dictionary<string, JobState> _jobs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServiceState> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceHealthStore _healthStore;
    private readonly IJobRunStore _runStore;
    private readonly BackgroundWork _work;

    /// <summary>Tells this instance's runs apart from other replicas' in the job run store and its logs.</summary>
    private readonly string _replica = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..6]}");

    /// <summary>The decisions for a store that came due in the current drain, with how many events were raised before each.</summary>
    private readonly List<Decision> _decisions = [];
    private ITimer? _timer;
    private DateTimeOffset? _armedFor;
    private long _order;
    private bool _draining;
    private bool _started;
    private bool _stopped;

    public JobMonitor(
        IOptions<MonitoringSettings> options,
        IAlertPublisher publisher,
        TimeProvider time,
        ILoggerFactory? loggerFactory = null,
        IServiceHealthStore? healthStore = null,
        IJobRunStore? runStore = null,
        BackgroundWork? work = null)
    {
        _work = work ?? new BackgroundWork();
        _options = options.Value;
        _publisher = publisher;
        _time = time;
        _healthStore = healthStore ?? new InMemoryServiceHealthStore();
        _runStore = runStore ?? new InMemoryJobRunStore();
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(MonitoringConstants.LoggerCategory);
    }

    /// <summary>Guards all monitoring state, the runs' included.</summary>
    internal object SyncRoot { get; } = new();

    /// <summary>How many deadlines are queued, stale ones included.</summary>
    internal int QueuedDeadlines
    {
        get
        {
            lock (SyncRoot)
            {
                return _deadlines.Count;
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        EnsureStarted();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (SyncRoot)
        {
            _stopped = true;
            _timer?.Dispose();
        }

        return Task.CompletedTask;
    }

    public void Dispose() => StopAsync(CancellationToken.None);

    /// <summary>Raises what is due now; the timer's callback. Running background work until what it raised is published.</summary>
    internal void CheckDeadlines()
    {
        using var checking = _work.Start();
        var raised = new List<AlertEvent>();
        List<Decision> decisions;
        DateTimeOffset now;
        lock (SyncRoot)
        {
            if (_stopped)
            {
                return;
            }

            now = _time.GetUtcNow();
            _armedFor = null;
            _draining = true;
            while (_deadlines.TryPeek(out var deadline, out var due) && due.At <= now)
            {
                _deadlines.Dequeue();
                Check(deadline, now, raised);
            }

            _draining = false;
            if (_deadlines.TryPeek(out _, out var next))
            {
                Arm(next.At, now);
            }

            decisions = [.. _decisions];
            _decisions.Clear();
        }

        // In the order the deadlines came due: the events before each decision, then the decision (and its event).
        var raisedSoFar = 0;
        foreach (var decision in decisions)
        {
            Raise(raised.GetRange(raisedSoFar, decision.Position - raisedSoFar));
            raisedSoFar = decision.Position;
            Decide(decision, now);
        }

        Raise(raised.GetRange(raisedSoFar, raised.Count - raisedSoFar));
    }

    /// <summary>Loads the registrations and starts the checker, once; the first run, report or host start does it.</summary>
    private void EnsureStarted()
    {
        if (Volatile.Read(ref _started))
        {
            return;
        }

        lock (SyncRoot)
        {
            if (_started)
            {
                return;
            }

            var errors = new List<string>();
            var definitions = MonitorDefinitions.Compile(_options.Jobs, _options.Services, errors);
            if (errors.Count > 0)
            {
                throw new AlertingConfigurationException(errors);
            }

            if (!_stopped)
            {
                _timer = _time.CreateTimer(_ => CheckDeadlines(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            var now = _time.GetUtcNow();
            Register(definitions, now, []);
            if (_runStore.PollInterval is { } poll && !_stopped)
            {
                Enqueue(new Deadline(DeadlineKind.OverdueRuns, this), now + poll);
            }

            Volatile.Write(ref _started, true);
            MonitoringLog.Started(_logger, _jobs.Count, _services.Count);
        }
    }

    /// <summary>
    /// Takes the jobs and services of a configuration change the reloader applied. A job whose schedule (or grace)
    /// changed expects its next start by the new one; one no longer configured keeps its runs but expects nothing; runs
    /// already started keep the deadlines they started with. A service is judged again against its new minimum.
    /// </summary>
    public void Apply(MonitoringSettings options)
    {
        var judgeAgain = new List<ServiceState>();
        DateTimeOffset now;
        lock (SyncRoot)
        {
            _options = options;
            if (!_started || _stopped)
            {
                return; // starting reads the options it now has
            }

            var errors = new List<string>();
            now = _time.GetUtcNow();
            Register(MonitorDefinitions.Compile(options.Jobs, options.Services, errors), now, judgeAgain);
        }

        foreach (var service in judgeAgain)
        {
            JudgeService(service, null, now);
        }
    }

    /// <summary>
    /// Registers or updates the configured jobs and services, and forgets the expectations of those no longer configured;
    /// the caller holds the lock, and judges the services in <paramref name="judgeAgain"/> after it.
    /// </summary>
    private void Register(MonitorDefinitions definitions, DateTimeOffset now, List<ServiceState> judgeAgain)
    {
        var jobs = definitions.Jobs.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var name in _configuredJobs.Where(n => !jobs.ContainsKey(n) && _jobs.ContainsKey(n)))
        {
            _jobs[name].Definition = JobDefinition.Unregistered(name);
            ExpectStart(_jobs[name], null);
        }

        foreach (var definition in jobs.Values)
        {
            if (!_jobs.TryGetValue(definition.Name, out var job))
            {
                _jobs.Add(definition.Name, job = new JobState(definition));
                ExpectStart(job, definition.Schedule?.NextAfter(now));
                continue;
            }

            var rescheduled = job.Definition.Schedule?.Description != definition.Schedule?.Description || job.Definition.StartGracePeriod != definition.StartGracePeriod;
            job.Definition = definition;
            if (rescheduled)
            {
                ExpectStart(job, definition.Schedule?.NextAfter(now));
            }
        }

        var services = definitions.Services.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var name in _configuredServices.Where(n => !services.ContainsKey(n) && _services.ContainsKey(n)))
        {
            _services[name].Definition = ServiceDefinition.From(name, new MonitoredServiceOptions());
        }

        foreach (var definition in services.Values)
        {
            if (_services.TryGetValue(definition.Name, out var service))
            {
                service.Definition = definition;
                if (service.Checked)
                {
                    judgeAgain.Add(service);
                }

                continue;
            }

            _services.Add(definition.Name, service = new ServiceState(definition, checkedYet: false));
            ScheduleCheck(service, now + definition.InstanceHeartbeatTimeout);
        }

        _configuredJobs.Clear();
        _configuredJobs.UnionWith(jobs.Keys);
        _configuredServices.Clear();
        _configuredServices.UnionWith(services.Keys);
    }

    private void Check(Deadline deadline, DateTimeOffset now, List<AlertEvent> raised)
    {
        switch (deadline.Kind)
        {
            case DeadlineKind.StartMissed:
                CheckStart(deadline, now, raised);
                break;
            case DeadlineKind.TimedOut or DeadlineKind.FinishLate:
                CheckRunTime(deadline, now, raised);
                break;
            case DeadlineKind.Heartbeat:
                CheckHeartbeat(deadline, now, raised);
                break;
            case DeadlineKind.ServiceCheck:
                var service = (ServiceState)deadline.Target;
                if (service.CheckQueuedFor == deadline.Occurrence)
                {
                    service.CheckQueuedFor = null;
                    service.Checked = true;
                    _decisions.Add(new Decision(deadline, raised.Count)); // judged after the lock, in its place among the events
                }

                break;
            case DeadlineKind.OverdueRuns:
                Enqueue(deadline, now + _runStore.PollInterval!.Value);
                _decisions.Add(new Decision(deadline, raised.Count));
                break;
        }
    }

    /// <summary>Makes, outside the lock, a decision that came due in a drain.</summary>
    private void Decide(Decision decision, DateTimeOffset now)
    {
        var deadline = decision.Deadline;
        switch (deadline.Kind)
        {
            case DeadlineKind.ServiceCheck:
                JudgeService((ServiceState)deadline.Target, null, now);
                break;
            case DeadlineKind.StartMissed:
                CheckStartShared(((JobState)deadline.Target).Name, deadline.Occurrence, decision.Grace, now, decision.Event!);
                break;
            case DeadlineKind.OverdueRuns:
                ClaimOverdueShared(now, _runStore.PollInterval!.Value);
                break;
            default:
                ClaimShared((JobRun)deadline.Target, deadline.Kind, now, decision.Event!);
                break;
        }
    }

    /// <summary>Queues a deadline, arming the timer earlier if it is now the first; the caller holds the lock.</summary>
    private void Enqueue(Deadline deadline, DateTimeOffset at)
    {
        _deadlines.Enqueue(deadline, (at, _order++));
        if (!_draining && _timer is not null && (_armedFor is not { } armed || at < armed))
        {
            Arm(at, _time.GetUtcNow());
        }
    }

    private void Arm(DateTimeOffset at, DateTimeOffset now)
    {
        _armedFor = at;

        // Deadlines queued outside the checker lie in the future; never zero, which some timers would run inline, under this lock.
        var delay = at - now;
        delay = delay < TimeSpan.FromTicks(1) ? TimeSpan.FromTicks(1) : delay > MonitoringConstants.MaxTimerDelay ? MonitoringConstants.MaxTimerDelay : delay;
        _timer!.Change(delay, Timeout.InfiniteTimeSpan);
    }

    private static AlertEvent NewEvent(
        string type,
        string source,
        AlertSeverity severity,
        AlertStatus status,
        string dedupKey,
        string message,
        string? environment,
        Dictionary<string, object?> attributes,
        DateTimeOffset now) =>
        new(type, source, severity, message)
        {
            Status = status,
            DedupKey = dedupKey,
            Environment = environment,
            Attributes = attributes,
            Timestamp = now,
        };

    /// <summary>Publishes events built under the lock. A publisher that throws (stopped, full in reject mode) is logged, never passed on to the job.</summary>
    private void Raise(List<AlertEvent> raised)
    {
        foreach (var e in raised)
        {
            try
            {
                var pending = _publisher.PublishAsync(e);
                if (pending.IsCompletedSuccessfully)
                {
                    pending.GetAwaiter().GetResult();
                    MonitoringLog.Raised(_logger, e.Type, e.Status, e.Source);
                }
                else
                {
                    _ = ObserveAsync(pending, e);
                }
            }
#pragma warning disable CA1031 // Monitoring must not break the job or the timer thread; the failure is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                MonitoringLog.NotRaised(_logger, e.Type, e.Source, ex.GetType().Name);
            }
        }
    }

    /// <summary>A decision for a store that came due in a drain: the deadline, how many events were raised before it, and the event it raises if the store says so.</summary>
    private readonly record struct Decision(Deadline Deadline, int Position, AlertEvent? Event = null, TimeSpan Grace = default);

    private async Task ObserveAsync(ValueTask pending, AlertEvent e)
    {
        try
        {
            await pending.ConfigureAwait(false);
            MonitoringLog.Raised(_logger, e.Type, e.Status, e.Source);
        }
#pragma warning disable CA1031 // As in Raise: logged, never thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.NotRaised(_logger, e.Type, e.Source, ex.GetType().Name);
        }
    }
}
