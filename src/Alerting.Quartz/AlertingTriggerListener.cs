using Alerting.Monitoring;
using Quartz;

namespace Alerting.Quartz;

/// <summary>
/// A Quartz trigger listener that reports misfires (a fire time missed by more than the scheduler's misfire threshold,
/// because the scheduler was down or every worker was busy) as <c>job.start_missed</c>; the job's next run resolves it.
/// </summary>
public sealed class AlertingTriggerListener : ITriggerListener
{
    private readonly IJobMonitor _monitor;
    private readonly AlertingQuartzOptions _options;

    /// <summary>Creates the listener.</summary>
    /// <param name="monitor">Alerting's job monitor.</param>
    /// <param name="options">The name mapping; defaults apply when <see langword="null"/>.</param>
    public AlertingTriggerListener(IJobMonitor monitor, AlertingQuartzOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        _monitor = monitor;
        _options = options ?? new AlertingQuartzOptions();
    }

    /// <inheritdoc />
    public string Name => "Alerting";

    /// <inheritdoc />
    public Task TriggerFired(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.CompletedTask;

    /// <inheritdoc />
    public Task<bool> VetoJobExecution(ITrigger trigger, IJobExecutionContext context, CancellationToken cancellationToken = default) => Task.FromResult(false);

    /// <inheritdoc />
    public Task TriggerMisfired(ITrigger trigger, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        if (_options.ReportMisfires)
        {
            // Quartz calls this before it applies the misfire instruction: the next fire time is still the missed one.
            var missed = trigger.GetNextFireTimeUtc() ?? trigger.StartTimeUtc;
            _monitor.ReportStartMissed(_options.JobName(trigger.JobKey), missed, $"Quartz trigger {trigger.Key} misfired.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task TriggerComplete(ITrigger trigger, IJobExecutionContext context, SchedulerInstruction triggerInstructionCode, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
