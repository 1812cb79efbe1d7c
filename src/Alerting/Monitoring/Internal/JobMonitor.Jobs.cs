using System.Globalization;

namespace Alerting.Monitoring.Internal;

/// <summary>Job runs: starts answered against the schedule, run deadlines, outcomes, and the events about them.</summary>
internal sealed partial class JobMonitor
{
    public IJobRun StartRun(string job, string? runId = null, int attempt = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        EnsureStarted();
        var raised = new List<AlertEvent>();
        JobRun run;
        lock (SyncRoot)
        {
            var state = State(job);
            var now = _time.GetUtcNow();
            var definition = state.Definition;
            run = new JobRun(this, state, runId ?? Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..12], attempt, now);
            if (state.Pending is { } pending && now >= pending - definition.StartGracePeriod)
            {
                run.ScheduledAt = pending;
                ExpectStart(state, definition.Schedule!.NextAfter(Max(pending, now - definition.StartGracePeriod)));
            }

            if (state.Missed is { } missed)
            {
                run.ScheduledAt ??= missed;
                state.Missed = null;
                raised.Add(StartMissedEvent(state, missed, now, run));
            }

            if (definition.MaxRunTime is { } maxRunTime)
            {
                Enqueue(new Deadline(DeadlineKind.TimedOut, run), now + maxRunTime);
            }

            if (definition.ExpectedRunTime is { } expectedRunTime)
            {
                Enqueue(new Deadline(DeadlineKind.FinishLate, run), now + expectedRunTime);
            }

            if (definition.HeartbeatTimeout is { } heartbeatTimeout)
            {
                run.HeartbeatQueued = true;
                Enqueue(new Deadline(DeadlineKind.Heartbeat, run), now + heartbeatTimeout);
            }
        }

        Raise(raised);
        return run;
    }

    public void ReportStartMissed(string job, DateTimeOffset scheduledAt, string? reason = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        EnsureStarted();
        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            var state = State(job);
            if (state.Missed == scheduledAt)
            {
                return; // reported already: once per start
            }

            if (state.Pending == scheduledAt)
            {
                // The monitor's own schedule expected this start: the scheduler's report replaces its deadline.
                ExpectStart(state, state.Definition.Schedule!.NextAfter(scheduledAt));
            }

            state.Missed = scheduledAt;
            raised.Add(StartMissedEvent(state, scheduledAt, _time.GetUtcNow(), null, reason));
        }

        Raise(raised);
    }

    internal void Heartbeat(JobRun run)
    {
        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            if (run.IsFinished)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var silence = now - run.LastHeartbeat;
            run.LastHeartbeat = now;
            if (run.HeartbeatMissed)
            {
                run.HeartbeatMissed = false;
                raised.Add(RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Resolved, now, $"sent a heartbeat again after {Durations.Describe(silence)} of silence."));
            }

            if (!run.HeartbeatQueued && run.State.Definition.HeartbeatTimeout is { } timeout)
            {
                run.HeartbeatQueued = true;
                Enqueue(new Deadline(DeadlineKind.Heartbeat, run), now + timeout);
            }
        }

        Raise(raised);
    }

    internal void Finish(JobRun run, RunOutcome outcome, string? error, Exception? exception)
    {
        var raised = new List<AlertEvent>();
        lock (SyncRoot)
        {
            if (run.IsFinished)
            {
                return;
            }

            run.IsFinished = true;
            var now = _time.GetUtcNow();
            var ended = $"ended ({Outcome(outcome)}) after {Durations.Describe(now - run.StartedAt)}";
            if (run.TimedOut)
            {
                raised.Add(RunEvent(run, AlertEventTypes.JobTimedOut, AlertStatus.Resolved, now, ended + "."));
            }

            if (run.FinishLate)
            {
                var late = now - run.StartedAt - run.State.Definition.ExpectedRunTime!.Value;
                raised.Add(RunEvent(run, AlertEventTypes.JobFinishLate, AlertStatus.Resolved, now, $"{ended}, {Durations.Describe(late)} later than expected."));
            }

            if (run.HeartbeatMissed)
            {
                raised.Add(RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Resolved, now, ended + "."));
            }

            var state = run.State;
            if (outcome == RunOutcome.Succeeded)
            {
                if (state.Definition.NotifyOnSuccess || state.LastRunFailed)
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

    private void CheckStart(JobState job, DateTimeOffset occurrence, DateTimeOffset now, List<AlertEvent> raised)
    {
        if (job.Pending != occurrence)
        {
            return; // a run answered it
        }

        job.Missed = occurrence;
        raised.Add(StartMissedEvent(job, occurrence, now, null));
        ExpectStart(job, job.Definition.Schedule!.NextAfter(Max(occurrence, now - job.Definition.StartGracePeriod)));
    }

    /// <summary>A run still going at its maximum run time (<c>job.timed_out</c>) or its expected one (<c>job.finish_late</c>).</summary>
    private static void CheckRunTime(JobRun run, bool maximum, DateTimeOffset now, List<AlertEvent> raised)
    {
        if (run.IsFinished)
        {
            return;
        }

        var definition = run.State.Definition;
        var (type, limit, which) = maximum
            ? (AlertEventTypes.JobTimedOut, definition.MaxRunTime!.Value, "maximum")
            : (AlertEventTypes.JobFinishLate, definition.ExpectedRunTime!.Value, "expected");
        run.TimedOut |= maximum;
        run.FinishLate |= !maximum;
        raised.Add(RunEvent(run, type, AlertStatus.Firing, now, $"is still running after its {which} run time of {Durations.Describe(limit)}."));
    }

    private void CheckHeartbeat(JobRun run, DateTimeOffset now, List<AlertEvent> raised)
    {
        run.HeartbeatQueued = false;
        if (run.IsFinished || run.HeartbeatMissed)
        {
            return;
        }

        var timeout = run.State.Definition.HeartbeatTimeout!.Value;
        var due = run.LastHeartbeat + timeout;
        if (due > now)
        {
            run.HeartbeatQueued = true;
            Enqueue(new Deadline(DeadlineKind.Heartbeat, run), due);
            return;
        }

        run.HeartbeatMissed = true;
        raised.Add(RunEvent(run, AlertEventTypes.JobHeartbeatMissed, AlertStatus.Firing, now, $"sent no heartbeat for {Durations.Describe(timeout)} (last at {Durations.Describe(run.LastHeartbeat)})."));
    }

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
        attributes[MonitorAttributes.MaxRunTime] = definition.MaxRunTime;
        attributes[MonitorAttributes.ExpectedRunTime] = definition.ExpectedRunTime;
        attributes[MonitorAttributes.HeartbeatTimeout] = definition.HeartbeatTimeout;
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
        _ => "abandoned",
    };

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
