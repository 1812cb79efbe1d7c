using System.Globalization;

namespace Alerting.Monitoring.Internal;

/// <summary>
/// Job runs: starts answered against the schedule, run deadlines, outcomes, and the events about them. Each replica keeps
/// the deadlines of its own runs and scheduled starts; what the replicas of an app must agree on (was a scheduled start
/// met by a run anywhere, who raises each event, is a run still alive, how did the job's last run end) is asked of the
/// <see cref="IJobRunStore"/>, outside the lock. The in-process store answers at once, so one instance raises its events
/// as they come due, in order.
/// </summary>
internal sealed partial class JobMonitor
{
    public IJobRun StartRun(string job, string? runId = null, int attempt = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        EnsureStarted();
        JobRun run;
        JobRunRecord record;
        lock (SyncRoot)
        {
            var state = State(job);
            var now = _time.GetUtcNow();
            var definition = state.Definition;
            run = new JobRun(this, state, runId ?? Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12], attempt, now)
            {
                HeartbeatTimeout = definition.HeartbeatTimeout,
                MaxRunTime = definition.MaxRunTime,
                ExpectedRunTime = definition.ExpectedRunTime,
            };
            if (state.Pending is { } pending && now >= pending - definition.StartGracePeriod)
            {
                run.ScheduledAt = pending;
                ExpectStart(state, definition.Schedule!.NextAfter(Max(pending, now - definition.StartGracePeriod)));
            }

            if (run.MaxRunTime is { } maxRunTime)
            {
                Enqueue(new Deadline(DeadlineKind.TimedOut, run), now + maxRunTime);
            }

            if (run.ExpectedRunTime is { } expectedRunTime)
            {
                Enqueue(new Deadline(DeadlineKind.FinishLate, run), now + expectedRunTime);
            }

            if (run.HeartbeatTimeout is { } heartbeatTimeout)
            {
                run.HeartbeatQueued = true;
                Enqueue(new Deadline(DeadlineKind.Heartbeat, run), now + heartbeatTimeout);
            }

            record = new JobRunRecord
            {
                Job = state.Name,
                RunId = run.RunId,
                Replica = _replica,
                Attempt = attempt,
                StartedAt = now,
                ScheduledAt = run.ScheduledAt,
                StartGracePeriod = definition.StartGracePeriod,
                HeartbeatTimeout = run.HeartbeatTimeout,
                MaxRunTime = run.MaxRunTime,
                ExpectedRunTime = run.ExpectedRunTime,
            };
        }

        try
        {
            var pending = _runStore.StartAsync(record);
            if (pending.IsCompletedSuccessfully)
            {
                Started(run, pending.Result);
            }
            else
            {
                _ = StartedLaterAsync(run, pending);
            }
        }
#pragma warning disable CA1031 // Monitoring must not break the job; the failure is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record the start of", run.Job, ex.GetType().Name);
        }

        return run;
    }

    public void ReportStartMissed(string job, DateTimeOffset scheduledAt, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        EnsureStarted();
        AlertEvent missed;
        DateTimeOffset now;
        lock (SyncRoot)
        {
            var state = State(job);
            if (state.Pending == scheduledAt)
            {
                // The monitor's own schedule expected this start: the scheduler's report replaces its deadline.
                ExpectStart(state, state.Definition.Schedule!.NextAfter(scheduledAt));
            }

            now = _time.GetUtcNow();
            missed = StartMissedEvent(state, scheduledAt, now, null, reason);
        }

        CheckStartShared(job, scheduledAt, null, now, missed); // raised once per start, whoever reports it
    }

    internal void Heartbeat(JobRun run)
    {
        bool resumed;
        TimeSpan silence;
        DateTimeOffset now;
        AlertEvent? resolvedHere = null;
        lock (SyncRoot)
        {
            if (run.IsFinished)
            {
                return;
            }

            now = _time.GetUtcNow();
            silence = now - run.LastHeartbeat;
            run.LastHeartbeat = now;
            resumed = run.HeartbeatMissed;
            run.HeartbeatMissed = false;
            if (!run.HeartbeatQueued && run.HeartbeatTimeout is { } timeout)
            {
                run.HeartbeatQueued = true;
                Enqueue(new Deadline(DeadlineKind.Heartbeat, run), now + timeout);
            }

            // Other replicas judge the run by the heartbeats shared. A shared store gets at most four per poll interval,
            // so what it holds never lags by more than a quarter of the delay before another replica takes the run
            // over, and always the first after a silence.
            var share = run.SharesHeartbeats && (resumed || _runStore.PollInterval is not { } poll || now - run.HeartbeatSharedAt >= poll / 4);
            if (share)
            {
                run.HeartbeatSharedAt = now;
            }
            else if (resumed)
            {
                resolvedHere = Resumed(run, now, silence);
            }
            else
            {
                return;
            }
        }

        if (resolvedHere is not null)
        {
            Raise([resolvedHere]);
            return;
        }

        try
        {
            var pending = _runStore.HeartbeatAsync(run.Job, run.RunId, now);
            if (pending.IsCompletedSuccessfully)
            {
                HeartbeatShared(run, now, silence, resumed || pending.Result);
            }
            else
            {
                _ = HeartbeatSharedLaterAsync(run, now, silence, resumed, pending);
            }
        }
#pragma warning disable CA1031 // As in StartRun: logged, and decided on what this replica knows.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record a heartbeat of", run.Job, ex.GetType().Name);
            HeartbeatShared(run, now, silence, resumed);
        }
    }

    internal void Finish(JobRun run, RunOutcome outcome, string? error, Exception? exception)
    {
        DateTimeOffset now;
        lock (SyncRoot)
        {
            if (run.IsFinished)
            {
                return;
            }

            run.IsFinished = true;
            now = _time.GetUtcNow();
        }

        var ended = new RunEnd(run, outcome, error, exception, now);
        try
        {
            var pending = _runStore.FinishAsync(run.Job, run.RunId, outcome != RunOutcome.Succeeded, now);
            if (pending.IsCompletedSuccessfully)
            {
                Finished(ended, pending.Result);
            }
            else
            {
                _ = FinishedLaterAsync(ended, pending);
            }
        }
#pragma warning disable CA1031 // As in StartRun: logged, and decided on what this replica knows.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record the end of", run.Job, ex.GetType().Name);
            Finished(ended, null);
        }
    }

    /// <summary>The job's state, added with no expectations when it was never registered; the caller holds the lock.</summary>
    private JobState State(string job)
    {
        if (!_jobs.TryGetValue(job, out var state))
        {
            state = new JobState(JobDefinition.Unregistered(job));
            _jobs.Add(job, state);
        }

        return state;
    }

    /// <summary>Sets the job's next expected start and queues its deadline; the caller holds the lock.</summary>
    private void ExpectStart(JobState job, DateTimeOffset? next)
    {
        job.Pending = next;
        if (next is { } at)
        {
            Enqueue(new Deadline(DeadlineKind.StartMissed, job, at), at + job.Definition.StartGracePeriod);
        }
    }

    /// <summary>A scheduled start no run of this replica answered: the store judges it (after the lock) against the runs of every replica.</summary>
    private void CheckStart(Deadline deadline, DateTimeOffset now, List<AlertEvent> raised)
    {
        var job = (JobState)deadline.Target;
        var occurrence = deadline.Occurrence;
        if (job.Pending != occurrence)
        {
            return; // a run answered it
        }

        var grace = job.Definition.StartGracePeriod;
        _decisions.Add(new Decision(deadline, raised.Count, StartMissedEvent(job, occurrence, now, null), grace));
        ExpectStart(job, job.Definition.Schedule!.NextAfter(Max(occurrence, now - grace)));
    }

    /// <summary>
    /// A run still going at its maximum run time (<c>job.timed_out</c>) or its expected one (<c>job.finish_late</c>):
    /// raised (after the lock) if the store lets this replica claim it.
    /// </summary>
    private void CheckRunTime(Deadline deadline, DateTimeOffset now, List<AlertEvent> raised)
    {
        var run = (JobRun)deadline.Target;
        if (run.IsFinished)
        {
            return;
        }

        var maximum = deadline.Kind == DeadlineKind.TimedOut;
        var (type, limit, which) = maximum
            ? (AlertEventTypes.JobTimedOut, run.MaxRunTime!.Value, "maximum")
            : (AlertEventTypes.JobFinishLate, run.ExpectedRunTime!.Value, "expected");
        run.TimedOut |= maximum;
        run.FinishLate |= !maximum;
        _decisions.Add(new Decision(deadline, raised.Count, RunEvent(run, type, AlertStatus.Firing, now, $"is still running after its {which} run time of {Durations.Describe(limit)}.")));
    }

    private void CheckHeartbeat(Deadline deadline, DateTimeOffset now, List<AlertEvent> raised)
    {
        var run = (JobRun)deadline.Target;
        run.HeartbeatQueued = false;
        if (run.IsFinished || run.HeartbeatMissed)
        {
            return;
        }

        var timeout = run.HeartbeatTimeout!.Value;
        var due = run.LastHeartbeat + timeout;
        if (due > now)
        {
            run.HeartbeatQueued = true;
            Enqueue(new Deadline(DeadlineKind.Heartbeat, run), due);
            return;
        }

        run.HeartbeatMissed = true;
        _decisions.Add(new Decision(deadline, raised.Count, HeartbeatMissedEvent(run, timeout, now)));
    }

    /// <summary>Asks the store whether this caller raises <paramref name="missed"/>: not when a run on any replica met the start, nor when another caller raised it.</summary>
    private void CheckStartShared(string job, DateTimeOffset occurrence, TimeSpan? grace, DateTimeOffset now, AlertEvent missed)
    {
        try
        {
            var pending = _runStore.CheckStartAsync(job, occurrence, grace, now);
            if (pending.IsCompletedSuccessfully)
            {
                StartChecked(pending.Result, missed);
            }
            else
            {
                _ = StartCheckedLaterAsync(pending, missed);
            }
        }
#pragma warning disable CA1031 // Monitoring must not break the reporting code or the timer thread; logged, and raised (a duplicate beats none).
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "judge a scheduled start of", job, ex.GetType().Name);
            Raise([missed]);
        }
    }

    /// <summary>Claims the raising of <paramref name="firing"/>, a deadline of this replica's <paramref name="run"/>, from the store.</summary>
    private void ClaimShared(JobRun run, DeadlineKind kind, DateTimeOffset now, AlertEvent firing)
    {
        var deadline = kind switch
        {
            DeadlineKind.TimedOut => JobRunDeadlines.TimedOut,
            DeadlineKind.FinishLate => JobRunDeadlines.FinishLate,
            _ => JobRunDeadlines.HeartbeatMissed,
        };
        try
        {
            var pending = _runStore.ClaimDeadlineAsync(run.Job, run.RunId, deadline, now);
            if (pending.IsCompletedSuccessfully)
            {
                if (pending.Result)
                {
                    Raise([firing]);
                }
            }
            else
            {
                _ = ClaimedLaterAsync(pending, firing);
            }
        }
#pragma warning disable CA1031 // As in CheckStartShared.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "claim a deadline of", run.Job, ex.GetType().Name);
            Raise([firing]);
        }
    }

    /// <summary>Claims the deadlines of other replicas' runs that are overdue by a poll interval: those of a replica that stopped.</summary>
    private void ClaimOverdueShared(DateTimeOffset now, TimeSpan poll)
    {
        try
        {
            var pending = _runStore.ClaimOverdueAsync(now - poll, now, MonitoringConstants.OverdueClaimBatch);
            if (pending.IsCompletedSuccessfully)
            {
                TakeOver(pending.Result, now);
            }
            else
            {
                _ = TakeOverLaterAsync(pending, now);
            }
        }
#pragma warning disable CA1031 // As in CheckStartShared; the next poll tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "claim the overdue deadlines of", "any job", ex.GetType().Name);
        }
    }

    private void Started(JobRun run, JobRunStarted started)
    {
        if (started.ResolvedMissedStart is not { } missed)
        {
            return;
        }

        AlertEvent resolved;
        lock (SyncRoot)
        {
            run.ScheduledAt ??= missed;
            resolved = StartMissedEvent(run.State, missed, run.StartedAt, run);
        }

        Raise([resolved]);
    }

    private void HeartbeatShared(JobRun run, DateTimeOffset now, TimeSpan silence, bool resumed)
    {
        if (resumed)
        {
            AlertEvent resolved;
            lock (SyncRoot)
            {
                resolved = Resumed(run, now, silence);
            }

            Raise([resolved]);
        }
    }

    /// <summary>Raises the resolves of the deadlines passed (here or on any replica) and the outcome, judged against the job's previous run on any replica.</summary>
    private void Finished(RunEnd end, JobRunFinished? shared)
    {
        var (run, outcome, error, exception, now) = end;
        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            var open = shared?.Raised ?? JobRunDeadlines.None;
            var ended = $"ended ({Outcome(outcome)}) after {Durations.Describe(now - run.StartedAt)}";
            if (run.TimedOut || (open & JobRunDeadlines.TimedOut) != 0)
            {
                raised.Add(RunEvent(run, AlertEventTypes.JobTimedOut, AlertStatus.Resolved, now, ended + "."));
            }

            if ((run.FinishLate || (open & JobRunDeadlines.FinishLate) != 0) && run.ExpectedRunTime is { } expected)
            {
                var late = now - run.StartedAt - expected;
                raised.Add(RunEvent(run, AlertEventTypes.JobFinishLate, AlertStatus.Resolved, now, $"{ended}, {Durations.Describe(late)} later than expected."));
            }

            if (run.HeartbeatMissed || (open & JobRunDeadlines.HeartbeatMissed) != 0)
            {
                raised.Add(RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Resolved, now, ended + "."));
            }

            var state = run.State;
            var previousFailed = shared?.PreviousRunFailed ?? state.LastRunFailed;
            if (outcome == RunOutcome.Succeeded)
            {
                if (state.Definition.NotifyOnSuccess || previousFailed)
                {
                    raised.Add(OutcomeEvent(run, outcome, now, $"succeeded in {Durations.Describe(now - run.StartedAt)}.", null, null));
                }

                state.LastRunFailed = false;
            }
            else
            {
                error ??= "The run ended without reporting an outcome.";
                raised.Add(OutcomeEvent(run, outcome, now, $"{ended}: {error}", error, exception));
                state.LastRunFailed = true;
            }
        }

        Raise(raised);
    }

    private void StartChecked(JobStartCheck check, AlertEvent missed)
    {
        if (check == JobStartCheck.Missed)
        {
            Raise([missed]);
        }
    }

    /// <summary>Raises the deadlines claimed from runs of other replicas, built from what the store recorded of each run (attributes its replica added are not known here).</summary>
    private void TakeOver(IReadOnlyList<ClaimedJobRunDeadlines> claimed, DateTimeOffset now)
    {
        if (claimed.Count == 0)
        {
            return;
        }

        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            foreach (var (record, deadlines) in claimed)
            {
                var definition = _jobs.TryGetValue(record.Job, out var state) ? state.Definition : JobDefinition.Unregistered(record.Job);
                var run = new JobRun(this, new JobState(definition), record.RunId, record.Attempt, record.StartedAt)
                {
                    ScheduledAt = record.ScheduledAt,
                    LastHeartbeat = record.LastHeartbeat,
                    HeartbeatTimeout = record.HeartbeatTimeout,
                    MaxRunTime = record.MaxRunTime,
                    ExpectedRunTime = record.ExpectedRunTime,
                };
                if ((deadlines & JobRunDeadlines.TimedOut) != 0 && record.MaxRunTime is { } maxRunTime)
                {
                    raised.Add(RunEvent(run, AlertEventTypes.JobTimedOut, AlertStatus.Firing, now, $"is still running after its maximum run time of {Durations.Describe(maxRunTime)}."));
                }

                if ((deadlines & JobRunDeadlines.FinishLate) != 0 && record.ExpectedRunTime is { } expectedRunTime)
                {
                    raised.Add(RunEvent(run, AlertEventTypes.JobFinishLate, AlertStatus.Firing, now, $"is still running after its expected run time of {Durations.Describe(expectedRunTime)}."));
                }

                if ((deadlines & JobRunDeadlines.HeartbeatMissed) != 0 && record.HeartbeatTimeout is { } timeout)
                {
                    raised.Add(HeartbeatMissedEvent(run, timeout, now));
                }

                MonitoringLog.TookOver(_logger, deadlines, record.RunId, definition.Name, record.Replica ?? "an unknown replica");
            }
        }

        Raise(raised);
    }

    private async Task StartedLaterAsync(JobRun run, ValueTask<JobRunStarted> pending)
    {
        using var later = _work.Start();
        try
        {
            Started(run, await pending.ConfigureAwait(false));
        }
#pragma warning disable CA1031 // As in StartRun.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record the start of", run.Job, ex.GetType().Name);
        }
    }

    private async Task HeartbeatSharedLaterAsync(JobRun run, DateTimeOffset now, TimeSpan silence, bool resumed, ValueTask<bool> pending)
    {
        using var later = _work.Start();
        bool shared;
        try
        {
            shared = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in Heartbeat.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record a heartbeat of", run.Job, ex.GetType().Name);
            shared = false;
        }

        HeartbeatShared(run, now, silence, resumed || shared);
    }

    private async Task FinishedLaterAsync(RunEnd end, ValueTask<JobRunFinished> pending)
    {
        using var later = _work.Start();
        JobRunFinished? shared;
        try
        {
            shared = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in Finish.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "record the end of", end.Run.Job, ex.GetType().Name);
            shared = null;
        }

        Finished(end, shared);
    }

    private async Task StartCheckedLaterAsync(ValueTask<JobStartCheck> pending, AlertEvent missed)
    {
        using var later = _work.Start();
        JobStartCheck check;
        try
        {
            check = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in CheckStartShared.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "judge a scheduled start of", missed.Source, ex.GetType().Name);
            check = JobStartCheck.Missed;
        }

        StartChecked(check, missed);
    }

    private async Task ClaimedLaterAsync(ValueTask<bool> pending, AlertEvent firing)
    {
        using var later = _work.Start();
        bool claimed;
        try
        {
            claimed = await pending.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // As in ClaimShared.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "claim a deadline of", firing.Source, ex.GetType().Name);
            claimed = true;
        }

        if (claimed)
        {
            Raise([firing]);
        }
    }

    private async Task TakeOverLaterAsync(ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> pending, DateTimeOffset now)
    {
        using var later = _work.Start();
        try
        {
            TakeOver(await pending.ConfigureAwait(false), now);
        }
#pragma warning disable CA1031 // As in ClaimOverdueShared.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            MonitoringLog.RunStoreFailed(_logger, "claim the overdue deadlines of", "any job", ex.GetType().Name);
        }
    }

    /// <summary><c>job.heartbeat_missed</c> for a run silent since its last heartbeat; the caller holds the lock.</summary>
    private static AlertEvent HeartbeatMissedEvent(JobRun run, TimeSpan timeout, DateTimeOffset now) =>
        RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Firing, now, $"sent no heartbeat for {Durations.Describe(timeout)} (last at {Durations.Describe(run.LastHeartbeat)}).");

    /// <summary>The resolve of a run's <c>job.heartbeat_missed</c> by its next heartbeat; the caller holds the lock.</summary>
    private static AlertEvent Resumed(JobRun run, DateTimeOffset now, TimeSpan silence) =>
        RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Resolved, now, $"sent a heartbeat again after {Durations.Describe(silence)} of silence.");

    /// <summary><c>job.start_missed</c> for a scheduled start: firing when <paramref name="run"/> is null, else resolved by that late run.</summary>
    private static AlertEvent StartMissedEvent(JobState job, DateTimeOffset occurrence, DateTimeOffset now, JobRun? run, string? reason = null)
    {
        var definition = job.Definition;
        var attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [MonitorAttributes.Job] = job.Name,
            [MonitorAttributes.ScheduledAt] = occurrence,
            [MonitorAttributes.GracePeriod] = definition.StartGracePeriod,
            [MonitorAttributes.Schedule] = definition.Schedule?.Description ?? "the host's scheduler",
        };
        string message;
        if (run is null && reason is not null)
        {
            attributes[MonitorAttributes.Reason] = reason;
            message = $"{job.Name} missed its scheduled start {Durations.Describe(occurrence)}: {reason}";
        }
        else if (run is null)
        {
            message = $"{job.Name} did not start within {Durations.Describe(definition.StartGracePeriod)} of its scheduled time {Durations.Describe(occurrence)}.";
        }
        else
        {
            attributes[MonitorAttributes.RunId] = run.RunId;
            attributes[MonitorAttributes.Attempt] = run.Attempt;
            attributes[MonitorAttributes.StartedAt] = now;
            attributes[MonitorAttributes.LateBy] = now - occurrence;
            message = $"{job.Name} started at {Durations.Describe(now)}, {Durations.Describe(now - occurrence)} after its scheduled time {Durations.Describe(occurrence)}.";
        }

        var status = run is null ? AlertStatus.Firing : AlertStatus.Resolved;
        return NewEvent(AlertEventTypes.JobStartMissed, job.Name, AlertSeverity.Error, status, JobKey(AlertEventTypes.JobStartMissed, job.Name), message, definition.Environment, attributes, now);
    }

    /// <summary>An event about one run's deadline, keyed by job and run so that concurrent runs pair their own firing and resolved events.</summary>
    private static AlertEvent RunEvent(JobRun run, string type, AlertStatus status, DateTimeOffset now, string says)
    {
        var definition = run.State.Definition;
        var attributes = RunAttributes(run, now);
        attributes[MonitorAttributes.MaxRunTime] = run.MaxRunTime;
        attributes[MonitorAttributes.ExpectedRunTime] = run.ExpectedRunTime;
        attributes[MonitorAttributes.HeartbeatTimeout] = run.HeartbeatTimeout;
        attributes[MonitorAttributes.LastHeartbeat] = run.LastHeartbeat;
        var severity = type == AlertEventTypes.JobFinishLate ? AlertSeverity.Warning : AlertSeverity.Error;
        var key = string.Concat(JobKey(type, run.Job), ":", run.RunId);
        return NewEvent(type, run.Job, severity, status, key, $"Run {run.RunId} of {run.Job} {says}", definition.Environment, attributes, now);
    }

    /// <summary><c>job.succeeded</c> or <c>job.failed</c>, keyed by type and job so that a success resolves the failure's incident.</summary>
    private static AlertEvent OutcomeEvent(JobRun run, RunOutcome outcome, DateTimeOffset now, string says, string? error, Exception? exception)
    {
        var attributes = RunAttributes(run, now);
        attributes[MonitorAttributes.Outcome] = Outcome(outcome);
        if (outcome != RunOutcome.Succeeded)
        {
            attributes[MonitorAttributes.ErrorType] = exception?.GetType().FullName;
            attributes[MonitorAttributes.ErrorMessage] = error;
            attributes[MonitorAttributes.StackTrace] = StackTraceExcerpt(exception);
        }

        var (type, severity) = outcome == RunOutcome.Succeeded ? (AlertEventTypes.JobSucceeded, AlertSeverity.Info) : (AlertEventTypes.JobFailed, AlertSeverity.Error);
        return NewEvent(type, run.Job, severity, AlertStatus.Firing, JobKey(type, run.Job), $"Run {run.RunId} of {run.Job} {says}", run.State.Definition.Environment, attributes, now);
    }

    private static Dictionary<string, object?> RunAttributes(JobRun run, DateTimeOffset now)
    {
        var attributes = run.Attributes is { } added
            ? new Dictionary<string, object?>(added, StringComparer.Ordinal)
            : new Dictionary<string, object?>(StringComparer.Ordinal);
        attributes[MonitorAttributes.Job] = run.Job;
        attributes[MonitorAttributes.RunId] = run.RunId;
        attributes[MonitorAttributes.Attempt] = run.Attempt;
        attributes[MonitorAttributes.StartedAt] = run.StartedAt;
        attributes[MonitorAttributes.Duration] = now - run.StartedAt;
        attributes[MonitorAttributes.ScheduledAt] = run.ScheduledAt;
        return attributes;
    }

    /// <summary>The first lines of the exception's stack trace; null when it was never thrown.</summary>
    private static string? StackTraceExcerpt(Exception? exception)
    {
        if (exception?.StackTrace is not { } trace)
        {
            return null;
        }

        var lines = trace.Split('\n');
        return lines.Length <= MonitoringConstants.StackTraceLines
            ? trace
            : string.Join('\n', lines.Take(MonitoringConstants.StackTraceLines)) + $"\n   ... {lines.Length - MonitoringConstants.StackTraceLines} more line(s)";
    }

    private static string JobKey(string type, string job) => string.Concat(type, ":", job);

    private static string Outcome(RunOutcome outcome) => outcome switch
    {
        RunOutcome.Succeeded => "succeeded",
        RunOutcome.Failed => "failed",
        RunOutcome.Cancelled => "cancelled",
        _ => "abandoned",
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>A run's end, as its replica reported it, until the store answers.</summary>
    private readonly record struct RunEnd(JobRun Run, RunOutcome Outcome, string? Error, Exception? Exception, DateTimeOffset Now);
}
