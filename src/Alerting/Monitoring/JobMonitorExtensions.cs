using Alerting.Monitoring.Internal;

namespace Alerting.Monitoring;

/// <summary>Runs a delegate as a monitored run of a job, in one line.</summary>
public static class JobMonitorExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> as a run of <paramref name="job"/>: succeeded when it completes, failed with the
    /// exception when it throws (which is rethrown), abandoned when it is cancelled through <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="job">The job name.</param>
    /// <param name="work">The job's work.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>A task that completes when the work does.</returns>
    /// <example><code>await monitor.RunAsync("nightly-import", ct => importer.ImportAsync(ct), stoppingToken);</code></example>
    public static Task RunAsync(this IJobMonitor monitor, string job, Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return monitor.RunAsync(job, (_, ct) => work(ct), cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as a run of <paramref name="job"/>, giving it the run for heartbeats and
    /// attributes: succeeded when it completes, failed with the exception when it throws (which is rethrown),
    /// abandoned when it is cancelled through <paramref name="cancellationToken"/>, cancelled (<c>job.failed</c> with
    /// <c>outcome</c> <c>cancelled</c>) when a rule's <c>job-run</c> action cancelled it by its job and run id.
    /// </summary>
    /// <param name="monitor">The monitor.</param>
    /// <param name="job">The job name.</param>
    /// <param name="work">The job's work, given its run; its token is also cancelled by a rule's <c>job-run</c> action.</param>
    /// <param name="cancellationToken">Passed to <paramref name="work"/>.</param>
    /// <returns>A task that completes when the work does.</returns>
    public static async Task RunAsync(this IJobMonitor monitor, string job, Func<IJobRun, CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        ArgumentNullException.ThrowIfNull(work);
        using var run = monitor.StartRun(job);
        var own = run as JobRun; // a run of Alerting's monitor: a rule's job-run action can cancel it by id
        using var cancellation = own?.Cancellable(cancellationToken);
        var token = cancellation?.Token ?? cancellationToken;
        try
        {
            await work(run, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // disposing the run reports it abandoned
        }
        catch (OperationCanceledException) when (own is not null && token.IsCancellationRequested)
        {
            own.Cancelled();
            throw;
        }
        catch (Exception ex)
        {
            run.Failed(ex);
            throw;
        }

        run.Succeeded();
    }
}
