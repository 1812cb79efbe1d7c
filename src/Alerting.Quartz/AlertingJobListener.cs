using Alerting.Monitoring;
using Alerting.Quartz.Internal;
using Quartz;

namespace Alerting.Quartz;

/// <summary>
/// A Quartz job listener that makes every execution a monitored run: started when Quartz is about to execute the job
/// (run id: the fire instance id; attempt: the refire count plus one), succeeded or failed with the job's exception
/// when it was executed. Vetoed executions never start a run.
/// </summary>
public sealed class AlertingJobListener : IJobListener
{
    /// <summary>The key under which the run travels in the execution context.</summary>
    internal const string RunKey = "Alerting.Quartz.Run";

    private readonly IJobMonitor _monitor;
    private readonly AlertingQuartzOptions _options;

    /// <summary>Creates the listener.</summary>
    /// <param name="monitor">Alerting's job monitor.</param>
    /// <param name="options">The name mapping; defaults apply when <see langword="null"/>.</param>
    public AlertingJobListener(IJobMonitor monitor, AlertingQuartzOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
        _options = options ?? new AlertingQuartzOptions();
    }

    /// <inheritdoc />
    public string Name => "Alerting";

    /// <inheritdoc />
    public Task JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = _monitor.StartRun(_options.JobName(context.JobDetail.Key), context.FireInstanceId, context.RefireCount + 1);
        run.SetAttribute("quartz_trigger", context.Trigger.Key.ToString());
        run.SetAttribute(QuartzActionNotifier.TriggerNameAttribute, context.Trigger.Key.Name);
        run.SetAttribute(QuartzActionNotifier.TriggerGroupAttribute, context.Trigger.Key.Group);
        run.SetAttribute(QuartzActionNotifier.JobNameAttribute, context.JobDetail.Key.Name);
        run.SetAttribute(QuartzActionNotifier.JobGroupAttribute, context.JobDetail.Key.Group);
        if (context.ScheduledFireTimeUtc is { } scheduled)
        {
            run.SetAttribute("quartz_scheduled_fire_time", scheduled);
        }

        context.Put(RunKey, run);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Get(RunKey) is not IJobRun run)
        {
            return Task.CompletedTask;
        }

        using (run)
        {
            if (jobException is null)
            {
                run.Succeeded();
            }
            else
            {
                run.Failed(JobsOwn(jobException));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>What the job threw: Quartz wraps it in its own exceptions (a JobExecutionException around a JobExecutionProcessException); operators need the job's.</summary>
    private static Exception JobsOwn(JobExecutionException exception)
    {
        Exception own = exception;
        while (own is SchedulerException { InnerException: { } inner })
        {
            own = inner;
        }

        return own;
    }
}
