using Alerting.Notifiers;
using Alerting.Templates;

namespace Alerting.Monitoring.Internal;

/// <summary>
/// The <c>job-run</c> host action: cancels the monitored run its event names (the token <c>RunAsync</c> gave the work).
/// Acts only when a problem fires; a test notification checks the monitor can cancel runs and touches none.
/// </summary>
internal sealed class JobRunActionNotifier : INotifier
{
    public const string DefaultJob = "{source}";
    public const string DefaultRunId = "{run_id}";

    private readonly IServiceProvider _services;
    private readonly MessageTemplate _job;
    private readonly MessageTemplate _runId;

    /// <summary>Creates the action; the monitor is resolved when it first acts, as the monitor publishes through the dispatcher that creates this.</summary>
    public JobRunActionNotifier(JobRunActionOptions options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var job = HostActionTemplate.Compile(nameof(options.Job), options.Job, DefaultJob, errors);
        var runId = HostActionTemplate.Compile(nameof(options.RunId), options.RunId, DefaultRunId, errors);
        if (job is null || runId is null)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _job = job;
        _runId = runId;
        _services = services;
    }

    /// <summary>Resolves are skipped: the run they would be about has ended.</summary>
    public NotifierCapabilities Capabilities { get; } = new() { ReceivesResolved = false };

    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_services.GetService(typeof(IJobMonitor)) is not JobMonitor monitor)
        {
            return Done(DeliveryResult.Permanent("The registered IJobMonitor is not Alerting's: it cannot cancel runs."));
        }

        if (notification.Kind is not NotificationKind.Trigger)
        {
            // A test touches no run; acknowledgements, updates and forced resolves have nothing to cancel.
            return Done(DeliveryResult.Delivered());
        }

        var job = HostActionTemplate.Render(_job, notification);
        var runId = HostActionTemplate.Render(_runId, notification);
        if (job.Length == 0 || runId.Length == 0)
        {
            return Done(DeliveryResult.Permanent(
                $"{(job.Length == 0 ? "Job" : "RunId")} rendered empty for {notification.Event.Type}: the event names no run (set Job and RunId, or route only run events)."));
        }

        var reason = $"Cancelled by rule '{notification.RuleName}' on {notification.Event.Type}.";
        return Done(monitor.Cancel(job, runId, reason) switch
        {
            RunCancellation.NotFound => DeliveryResult.Permanent(
                $"No run {runId} of {job} is in progress under RunAsync in this process: it has ended, runs elsewhere, or was started without RunAsync."),
            _ => DeliveryResult.Delivered(),
        });
    }

    private static ValueTask<DeliveryResult> Done(DeliveryResult result) => ValueTask.FromResult(result);
}
