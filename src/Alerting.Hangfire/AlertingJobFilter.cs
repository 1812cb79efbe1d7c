using Alerting.Hangfire.Internal;
using Alerting.Monitoring;
using Hangfire.Common;
using Hangfire.Server;

namespace Alerting.Hangfire;

/// <summary>
/// A Hangfire server filter that makes every performance of a job a monitored run: started when Hangfire performs it
/// (run id: the background job id; attempt: Hangfire's retry count plus one), then succeeded, failed with the job's
/// exception, or abandoned when the server stopped it (shutdown cancels the job, which Hangfire runs again later).
/// </summary>
public sealed class AlertingJobFilter : JobFilterAttribute, IServerFilter
{
    private const string RunKey = "Alerting.Hangfire.Run";

    private readonly IJobMonitor _monitor;
    private readonly AlertingHangfireOptions _options;

    /// <summary>Creates the filter.</summary>
    /// <param name="monitor">Alerting's job monitor.</param>
    /// <param name="options">The name mapping; defaults apply when <see langword="null"/>.</param>
    public AlertingJobFilter(IJobMonitor monitor, AlertingHangfireOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
        _options = options ?? new AlertingHangfireOptions();
    }

    /// <inheritdoc />
    public void OnPerforming(PerformingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var retries = context.GetJobParameter<int>("RetryCount", allowStale: true);
        var run = _monitor.StartRun(_options.JobName(context), context.BackgroundJob.Id, retries + 1);
        run.SetAttribute("hangfire_job_id", context.BackgroundJob.Id);
        if (context.GetJobParameter<string>("RecurringJobId", allowStale: true) is { Length: > 0 } recurring)
        {
            run.SetAttribute(HangfireActionNotifier.RecurringJobIdAttribute, recurring);
        }

        context.Items[RunKey] = run;
    }

    /// <inheritdoc />
    public void OnPerformed(PerformedContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Items.TryGetValue(RunKey, out var item) || item is not IJobRun run)
        {
            return;
        }

        using (run)
        {
            if (context.Canceled)
            {
                return; // disposed without an outcome: abandoned, as the server stopped it
            }

            if (context.Exception is { } exception && !context.ExceptionHandled)
            {
                // Hangfire wraps what the job threw in a JobPerformanceException; the job's own exception is what operators need.
                run.Failed(exception is JobPerformanceException { InnerException: { } inner } ? inner : exception);
            }
            else
            {
                run.Succeeded();
            }
        }
    }
}
