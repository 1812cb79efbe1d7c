using System.Collections.Concurrent;
using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>
/// The default, in-process job runs: per job, the scheduled starts runs answered, the starts of runs that answered none,
/// the missed starts raised, the running runs with deadlines and which of their events were raised, under a lock per job.
/// Starts and missed starts are kept for an hour plus twice the job's grace period; a run is dropped when it ends, or a
/// day after its last deadline if it never does. No other replica shares it, so <see cref="PollInterval"/> is
/// <see langword="null"/>; <see cref="ClaimOverdueAsync"/> looks at every running run.
/// </summary>
public sealed class InMemoryJobRunStore : IJobRunStore
{
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.OrdinalIgnoreCase);

    /// <inheritdoc />
    public TimeSpan? PollInterval => null;

    /// <inheritdoc />
    public ValueTask<JobRunStarted> StartAsync(JobRunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Job);
        ArgumentException.ThrowIfNullOrWhiteSpace(run.RunId);
        var job = Job(run.Job);
        lock (job)
        {
            job.Forget(run.StartedAt, run.StartGracePeriod);
            var missed = job.Missed;
            job.Missed = null;
            job.Starts.Add(run.ScheduledAt is { } answered
                ? new StartEntry(answered, StartKind.Answered, string.Empty)
                : new StartEntry(run.StartedAt, StartKind.Run, run.RunId));
            if (missed is { } late)
            {
                job.Starts.Add(new StartEntry(late, StartKind.Answered, string.Empty));
            }

            if (run.HasDeadlines)
            {
                job.Runs[run.RunId] = new RunRecord(run);
            }

            return new(new JobRunStarted(missed));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> HeartbeatAsync(string job, string runId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (!_jobs.TryGetValue(job, out var record))
        {
            return new(false);
        }

        lock (record)
        {
            if (!record.Runs.TryGetValue(runId, out var run))
            {
                return new(false);
            }

            if (now > run.Run.LastHeartbeat)
            {
                run.Run = Beat(run.Run, now);
            }

            var resumed = (run.Raised & JobRunDeadlines.HeartbeatMissed) != 0;
            run.Raised &= ~JobRunDeadlines.HeartbeatMissed;
            return new(resumed);
        }
    }

    /// <inheritdoc />
    public ValueTask<JobRunFinished> FinishAsync(string job, string runId, bool failed, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var record = Job(job);
        lock (record)
        {
            var raised = record.Runs.Remove(runId, out var run) ? run.Raised : JobRunDeadlines.None;
            var previousFailed = record.LastRunFailed;
            record.LastRunFailed = failed;
            return new(new JobRunFinished(raised, previousFailed));
        }
    }

    /// <inheritdoc />
    public ValueTask<JobStartCheck> CheckStartAsync(string job, DateTimeOffset scheduledAt, TimeSpan? gracePeriod, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        var record = Job(job);
        lock (record)
        {
            if (gracePeriod is { } grace)
            {
                record.Forget(now, grace);
                if (record.Met(scheduledAt, grace))
                {
                    return new(JobStartCheck.Met);
                }
            }

            if (!record.Starts.Add(new StartEntry(scheduledAt, StartKind.Missed, string.Empty)))
            {
                return new(JobStartCheck.AlreadyMissed);
            }

            record.Missed = scheduledAt;
            return new(JobStartCheck.Missed);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ClaimDeadlineAsync(string job, string runId, JobRunDeadlines deadline, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (deadline is not (JobRunDeadlines.TimedOut or JobRunDeadlines.FinishLate or JobRunDeadlines.HeartbeatMissed))
        {
            throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "One deadline is claimed at a time.");
        }

        if (!_jobs.TryGetValue(job, out var record))
        {
            return new(false);
        }

        lock (record)
        {
            return new(record.Runs.TryGetValue(runId, out var run) && run.Claim(deadline, now) != JobRunDeadlines.None);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ClaimedJobRunDeadlines>> ClaimOverdueAsync(DateTimeOffset dueBy, DateTimeOffset now, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        var claimed = new List<ClaimedJobRunDeadlines>();
        foreach (var record in _jobs.Values)
        {
            lock (record)
            {
                foreach (var run in record.Runs.Values)
                {
                    if (claimed.Count == max)
                    {
                        return new(claimed);
                    }

                    var deadlines = run.Claim(JobRunDeadlines.TimedOut | JobRunDeadlines.FinishLate | JobRunDeadlines.HeartbeatMissed, dueBy);
                    if (deadlines != JobRunDeadlines.None)
                    {
                        claimed.Add(new ClaimedJobRunDeadlines(run.Run, deadlines));
                    }
                }
            }
        }

        return new(claimed);
    }

    private JobRecord Job(string job) => _jobs.GetOrAdd(job, static _ => new JobRecord());

    private static JobRunRecord Beat(JobRunRecord run, DateTimeOffset at) => new()
    {
        Job = run.Job,
        RunId = run.RunId,
        Replica = run.Replica,
        Attempt = run.Attempt,
        StartedAt = run.StartedAt,
        ScheduledAt = run.ScheduledAt,
        LastHeartbeat = at,
        StartGracePeriod = run.StartGracePeriod,
        HeartbeatTimeout = run.HeartbeatTimeout,
        MaxRunTime = run.MaxRunTime,
        ExpectedRunTime = run.ExpectedRunTime,
    };

    private enum StartKind
    {
        Answered,
        Run,
        Missed,
    }

    /// <summary>A scheduled start a run answered, a run that answered none (with its id), or a missed start raised; ordered by time.</summary>
    private readonly record struct StartEntry(DateTimeOffset At, StartKind Kind, string RunId);

    private sealed class StartOrder : IComparer<StartEntry>
    {
        public static readonly StartOrder Instance = new();

        public int Compare(StartEntry x, StartEntry y)
        {
            var byTime = x.At.UtcTicks.CompareTo(y.At.UtcTicks);
            if (byTime != 0)
            {
                return byTime;
            }

            var byKind = x.Kind.CompareTo(y.Kind);
            return byKind != 0 ? byKind : string.CompareOrdinal(x.RunId, y.RunId);
        }
    }

    /// <summary>A running run with deadlines; guarded by its job's lock.</summary>
    private sealed class RunRecord(JobRunRecord run)
    {
        public JobRunRecord Run { get; set; } = run;

        public JobRunDeadlines Raised { get; set; }

        /// <summary>When the run may be forgotten though it never ended: a day after its last deadline and heartbeat.</summary>
        public DateTimeOffset ForgetAt
        {
            get
            {
                var last = Run.LastHeartbeat;
                foreach (var deadline in new[] { JobRunDeadlines.TimedOut, JobRunDeadlines.FinishLate, JobRunDeadlines.HeartbeatMissed })
                {
                    if (Run.DueAt(deadline) is { } due && due > last)
                    {
                        last = due;
                    }
                }

                return last + MonitoringConstants.UnfinishedRunRetention;
            }
        }

        /// <summary>Marks raised, and returns, those of <paramref name="which"/> due by <paramref name="dueBy"/> and not raised yet.</summary>
        public JobRunDeadlines Claim(JobRunDeadlines which, DateTimeOffset dueBy)
        {
            var claimed = JobRunDeadlines.None;
            foreach (var deadline in new[] { JobRunDeadlines.TimedOut, JobRunDeadlines.FinishLate, JobRunDeadlines.HeartbeatMissed })
            {
                if ((which & deadline) != 0 && (Raised & deadline) == 0 && Run.DueAt(deadline) is { } due && due <= dueBy)
                {
                    claimed |= deadline;
                }
            }

            Raised |= claimed;
            return claimed;
        }
    }

    /// <summary>One job; guarded by its own lock.</summary>
    private sealed class JobRecord
    {
        public SortedSet<StartEntry> Starts { get; } = new(StartOrder.Instance);

        public Dictionary<string, RunRecord> Runs { get; } = new(StringComparer.Ordinal);

        /// <summary>The last missed start raised that no run has answered yet.</summary>
        public DateTimeOffset? Missed { get; set; }

        public bool LastRunFailed { get; set; }

        /// <summary>Whether a run answered <paramref name="scheduledAt"/>, or one that answered none started within the grace period around it.</summary>
        public bool Met(DateTimeOffset scheduledAt, TimeSpan grace)
        {
            if (Starts.Contains(new StartEntry(scheduledAt, StartKind.Answered, string.Empty)))
            {
                return true;
            }

            var from = new StartEntry(scheduledAt - grace, StartKind.Answered, string.Empty);
            var to = new StartEntry(scheduledAt + grace, StartKind.Answered, string.Empty);
            return Starts.GetViewBetween(from, to).Any(e => e.Kind == StartKind.Run && e.At < scheduledAt + grace);
        }

        /// <summary>Drops the starts older than an hour plus twice the grace period, and runs that never ended, long after their deadlines.</summary>
        public void Forget(DateTimeOffset now, TimeSpan grace)
        {
            var keepFrom = now - grace - grace - MonitoringConstants.StartsRetention;
            while (Starts.Count > 0 && Starts.Min.At < keepFrom)
            {
                Starts.Remove(Starts.Min);
            }

            if (Runs.Count > 0)
            {
                foreach (var (id, run) in Runs.Where(r => r.Value.ForgetAt < now).ToList())
                {
                    Runs.Remove(id);
                }
            }
        }
    }
}
