using Alerting.Notifiers;
using Alerting.Templates;
using Quartz;

namespace Alerting.Quartz.Internal;

/// <summary>
/// The <c>quartz</c> host action: pauses or resumes the trigger or job its event names. A test notification checks that
/// the target exists and changes nothing; acknowledgements and updates are ignored.
/// </summary>
internal sealed class QuartzActionNotifier : INotifier
{
    public const string TriggerNameAttribute = "quartz_trigger_name";
    public const string TriggerGroupAttribute = "quartz_trigger_group";
    public const string JobNameAttribute = "quartz_job_name";
    public const string JobGroupAttribute = "quartz_job_group";

    private const string Operations = "PauseTrigger, ResumeTrigger, PauseJob, ResumeJob";

    private readonly ISchedulerFactory _schedulers;
    private readonly string? _schedulerName;
    private readonly Target _onTrigger;
    private readonly Target? _onResolve;

    public QuartzActionNotifier(QuartzActionOptions options, ISchedulerFactory schedulers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schedulers);
        var errors = new List<string>();
        var (onTrigger, onResolve) = Compile(options, errors);
        if (onTrigger is null || errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _schedulers = schedulers;
        _schedulerName = options.SchedulerName;
        _onTrigger = onTrigger;
        _onResolve = onResolve;
        Capabilities = new NotifierCapabilities { ReceivesResolved = onResolve is not null };
    }

    public NotifierCapabilities Capabilities { get; }

    /// <summary>Checks the options, adding a problem per field; returns the targets of the trigger and resolve operations.</summary>
    public static (Target? OnTrigger, Target? OnResolve) Compile(QuartzActionOptions options, List<string> errors)
    {
        if (options.SchedulerName is { } scheduler && string.IsNullOrWhiteSpace(scheduler))
        {
            errors.Add("SchedulerName is empty; leave it unset for the default scheduler.");
        }

        if (options.Name is { } name && string.IsNullOrWhiteSpace(name))
        {
            errors.Add("Name is empty; leave it unset for the name of the event's trigger or job.");
        }

        Target? onTrigger = null;
        if (options.Operation is not { } operation)
        {
            errors.Add($"Operation is required (one of {Operations}).");
        }
        else
        {
            onTrigger = Compile(nameof(options.Operation), operation, options, errors);
        }

        var onResolve = options.ResolveOperation is { } resolve ? Compile(nameof(options.ResolveOperation), resolve, options, errors) : null;
        return (onTrigger, onResolve);
    }

    private static Target? Compile(string field, QuartzOperation operation, QuartzActionOptions options, List<string> errors)
    {
        if (!Enum.IsDefined(operation))
        {
            errors.Add($"{field} '{operation}' is not one of {Operations}.");
            return null;
        }

        var onTrigger = operation is QuartzOperation.PauseTrigger or QuartzOperation.ResumeTrigger;
        var name = HostActionTemplate.Compile(nameof(options.Name), options.Name, $"{{{(onTrigger ? TriggerNameAttribute : JobNameAttribute)}}}", errors);
        var group = HostActionTemplate.Compile(nameof(options.Group), options.Group, $"{{{(onTrigger ? TriggerGroupAttribute : JobGroupAttribute)}}}", errors);
        return name is null || group is null ? null : new Target(operation, onTrigger, name, group);
    }

    public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var target = notification.Kind switch
        {
            NotificationKind.Trigger or NotificationKind.Test => _onTrigger,
            NotificationKind.Resolve => _onResolve,
            _ => null, // acknowledgements and updates: nothing to do
        };
        if (target is null)
        {
            return notification.Kind == NotificationKind.Resolve
                ? DeliveryResult.Permanent("ResolveOperation is not set: nothing to do on resolve.")
                : DeliveryResult.Delivered();
        }

        var name = HostActionTemplate.Render(target.Name, notification);
        var group = HostActionTemplate.Render(target.Group, notification);
        if (name.Length == 0)
        {
            return DeliveryResult.Permanent($"Name rendered empty for {notification.Event.Type} from {notification.Event.Source}: the event names no Quartz {target.Kind} (set Name, or route only events of Quartz jobs).");
        }

        if (group.Length == 0)
        {
            group = SchedulerConstants.DefaultGroup;
        }

        try
        {
            var scheduler = await SchedulerAsync(cancellationToken).ConfigureAwait(false);
            if (scheduler is null)
            {
                return DeliveryResult.Permanent($"No Quartz scheduler named '{_schedulerName}'.");
            }

            return await ActAsync(scheduler, target, name, group, notification.IsTest, cancellationToken).ConfigureAwait(false);
        }
        catch (SchedulerException ex)
        {
            // Pausing and resuming are idempotent: a retry cannot do it twice.
            return DeliveryResult.Transient($"Quartz failed to {target.Operation} {group}.{name}: {ex.Message}");
        }
    }

    private async Task<IScheduler?> SchedulerAsync(CancellationToken cancellationToken) => _schedulerName is null
        ? await _schedulers.GetScheduler(cancellationToken).ConfigureAwait(false)
        : await _schedulers.GetScheduler(_schedulerName, cancellationToken).ConfigureAwait(false);

    private static async Task<DeliveryResult> ActAsync(IScheduler scheduler, Target target, string name, string group, bool test, CancellationToken cancellationToken)
    {
        if (target.OnTrigger)
        {
            var key = new TriggerKey(name, group);
            if (!await scheduler.CheckExists(key, cancellationToken).ConfigureAwait(false))
            {
                return DeliveryResult.Permanent($"No trigger {key} in Quartz scheduler {scheduler.SchedulerName}.");
            }

            if (!test)
            {
                var act = target.Operation == QuartzOperation.PauseTrigger ? scheduler.PauseTrigger(key, cancellationToken) : scheduler.ResumeTrigger(key, cancellationToken);
                await act.ConfigureAwait(false);
            }
        }
        else
        {
            var key = new JobKey(name, group);
            if (!await scheduler.CheckExists(key, cancellationToken).ConfigureAwait(false))
            {
                return DeliveryResult.Permanent($"No job {key} in Quartz scheduler {scheduler.SchedulerName}.");
            }

            if (!test)
            {
                var act = target.Operation == QuartzOperation.PauseJob ? scheduler.PauseJob(key, cancellationToken) : scheduler.ResumeJob(key, cancellationToken);
                await act.ConfigureAwait(false);
            }
        }

        return DeliveryResult.Delivered();
    }

    /// <summary>One operation with its compiled target templates.</summary>
    internal sealed record Target(QuartzOperation Operation, bool OnTrigger, MessageTemplate Name, MessageTemplate Group)
    {
        public string Kind => OnTrigger ? "trigger" : "job";
    }
}
