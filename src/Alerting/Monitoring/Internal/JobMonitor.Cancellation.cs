namespace Alerting.Monitoring.Internal;

/// <summary>
/// Runs cancelled by id: while <c>RunAsync</c> runs the work of a run, the run is findable by its job and run id, and a
/// rule's action (<c>job-run</c>) can cancel the token the work was given. Only runs of this process can be cancelled.
/// </summary>
internal sealed partial class JobMonitor
{
    private readonly Dictionary<(string Job, string RunId), JobRun> _cancellable = new(RunKeyComparer.Instance);

    /// <summary>Makes <paramref name="run"/> cancellable until the scope is disposed.</summary>
    internal CancellationScope Cancellable(JobRun run, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lock (SyncRoot)
        {
            run.Cancellation = source;
            _cancellable[(run.Job, run.RunId)] = run;
        }

        return new CancellationScope(this, run, source);
    }

    /// <summary>Cancels the token of the run of <paramref name="job"/> with <paramref name="runId"/>, if this process runs it with <c>RunAsync</c>.</summary>
    internal RunCancellation Cancel(string job, string runId, string reason)
    {
        CancellationTokenSource source;
        lock (SyncRoot)
        {
            if (!_cancellable.TryGetValue((job, runId), out var run) || run.IsFinished || run.Cancellation is null)
            {
                return RunCancellation.NotFound;
            }

            if (run.CancelReason is not null)
            {
                return RunCancellation.AlreadyRequested;
            }

            run.CancelReason = reason;
            source = run.Cancellation;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return RunCancellation.NotFound; // the run ended meanwhile
        }

        return RunCancellation.Requested;
    }

    private void Forget(JobRun run)
    {
        lock (SyncRoot)
        {
            if (_cancellable.TryGetValue((run.Job, run.RunId), out var known) && ReferenceEquals(known, run))
            {
                _cancellable.Remove((run.Job, run.RunId));
            }

            run.Cancellation = null;
        }
    }

    /// <summary>While not disposed, the run can be cancelled by id; <see cref="Token"/> is what its work observes.</summary>
    internal sealed class CancellationScope(JobMonitor monitor, JobRun run, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            monitor.Forget(run);
            source.Dispose();
        }
    }

    /// <summary>Job names compare case-insensitively, as everywhere in the monitor; run ids exactly.</summary>
    private sealed class RunKeyComparer : IEqualityComparer<(string Job, string RunId)>
    {
        public static readonly RunKeyComparer Instance = new();

        public bool Equals((string Job, string RunId) x, (string Job, string RunId) y) =>
            StringComparer.OrdinalIgnoreCase.Equals(x.Job, y.Job) && StringComparer.Ordinal.Equals(x.RunId, y.RunId);

        public int GetHashCode((string Job, string RunId) obj) =>
            HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Job), StringComparer.Ordinal.GetHashCode(obj.RunId));
    }
}
