using Alerting.Notifiers;
using Alerting.Templates;
using Hangfire;
using Hangfire.Storage;

namespace Alerting.Hangfire.Internal;

/// <summary>
/// The <c>hangfire</c> host action: pauses, resumes or triggers the recurring job its event names. A test notification
/// checks that the recurring job exists and changes nothing; acknowledgements and updates are ignored.
/// </summary>
internal sealed class HangfireActionNotifier : INotifier
{
    public const string RecurringJobIdAttribute = "hangfire_recurring_job_id";

    /// <summary>The storage hash that keeps a paused recurring job's definition.</summary>
    public const string PausedKeyPrefix = "alerting:paused-recurring-job:";

    private const string Operations = "Pause, Resume, Trigger";
    private const string JobField = "Job";
    private const string CronField = "Cron";
    private const string TimeZoneField = "TimeZoneId";
    private const string QueueField = "Queue";

    private readonly JobStorage? _storage;
    private readonly (HangfireOperation Operation, MessageTemplate Id) _onTrigger;
    private readonly (HangfireOperation Operation, MessageTemplate Id)? _onResolve;

    public HangfireActionNotifier(HangfireActionOptions options, JobStorage? storage = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var (id, onTrigger, onResolve) = Compile(options, errors);
        if (id is null || onTrigger is null || errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _storage = storage;
        _onTrigger = (onTrigger.Value, id);
        _onResolve = onResolve is { } resolve ? (resolve, id) : null;
        Capabilities = new NotifierCapabilities { ReceivesResolved = onResolve is not null };
    }

    public NotifierCapabilities Capabilities { get; }

    /// <summary>Checks the options, adding a problem per field.</summary>
    public static (MessageTemplate? Id, HangfireOperation? OnTrigger, HangfireOperation? OnResolve) Compile(HangfireActionOptions options, List<string> errors)
    {
        MessageTemplate? id = null;
        if (options.RecurringJobId is { } given && string.IsNullOrWhiteSpace(given))
        {
            errors.Add($"RecurringJobId is empty; leave it unset for {{{RecurringJobIdAttribute}}}, the recurring job of the event's run.");
        }
        else
        {
            id = HostActionTemplate.Compile(nameof(options.RecurringJobId), options.RecurringJobId, $"{{{RecurringJobIdAttribute}}}", errors);
        }

        if (options.Operation is null)
        {
            errors.Add($"Operation is required (one of {Operations}).");
        }

        return (id, Check(nameof(options.Operation), options.Operation, errors), Check(nameof(options.ResolveOperation), options.ResolveOperation, errors));
    }

    private static HangfireOperation? Check(string field, HangfireOperation? operation, List<string> errors)
    {
        if (operation is { } given && !Enum.IsDefined(given))
        {
            errors.Add($"{field} '{given}' is not one of {Operations}.");
            return null;
        }

        return operation;
    }

    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var target = notification.Kind switch
        {
            NotificationKind.Trigger or NotificationKind.Test => _onTrigger,
            NotificationKind.Resolve => _onResolve,
            _ => null, // acknowledgements and updates: nothing to do
        };
        if (target is not { } action)
        {
            return ValueTask.FromResult(notification.Kind == NotificationKind.Resolve
                ? DeliveryResult.Permanent("ResolveOperation is not set: nothing to do on resolve.")
                : DeliveryResult.Delivered());
        }

        var id = HostActionTemplate.Render(action.Id, notification);
        if (id.Length == 0)
        {
            return ValueTask.FromResult(DeliveryResult.Permanent(
                $"RecurringJobId rendered empty for {notification.Event.Type} from {notification.Event.Source}: the event names no recurring job (set RecurringJobId, or route only events of recurring jobs)."));
        }

        JobStorage storage;
        try
        {
            storage = _storage ?? JobStorage.Current;
        }
        catch (InvalidOperationException)
        {
            return ValueTask.FromResult(DeliveryResult.Permanent("No Hangfire JobStorage: register one (services.AddHangfire) or set JobStorage.Current."));
        }

        try
        {
            return ValueTask.FromResult(Act(storage, action.Operation, id, notification.IsTest));
        }
#pragma warning disable CA1031 // A storage failure is the action's outcome, recorded like a delivery's.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var reason = $"Hangfire failed to {action.Operation} recurring job '{id}': {ex.GetType().Name}: {ex.Message}";
            // Pausing and resuming are idempotent (a retry finds the work done); a trigger may have enqueued its run.
            return ValueTask.FromResult(action.Operation == HangfireOperation.Trigger ? DeliveryResult.NotRetried(reason) : DeliveryResult.Transient(reason));
        }
    }

    private static DeliveryResult Act(JobStorage storage, HangfireOperation operation, string id, bool test)
    {
        using var connection = storage.GetConnection();
        var job = connection.GetRecurringJobs([id]).FirstOrDefault(j => !j.Removed);
        var paused = connection.GetAllEntriesFromHash(PausedKeyPrefix + id) is { Count: > 0 } entries ? entries : null;
        switch (operation)
        {
            case HangfireOperation.Pause when job is null:
                return paused is not null ? DeliveryResult.Delivered() : NoSuchJob(id);
            case HangfireOperation.Pause when job.Job is null:
                return DeliveryResult.Permanent($"Recurring job '{id}' cannot be paused: its job cannot be loaded ({job.LoadException?.Message}).");
            case HangfireOperation.Pause:
                if (!test)
                {
                    Pause(storage, connection, job);
                }

                return DeliveryResult.Delivered();
            case HangfireOperation.Resume when paused is null:
                return job is not null ? DeliveryResult.Delivered() : DeliveryResult.Permanent($"No recurring job '{id}', nor one paused by Alerting.");
            case HangfireOperation.Resume:
                if (!test)
                {
                    Resume(storage, connection, id, job is null ? paused : null);
                }

                return DeliveryResult.Delivered();
            default:
                if (job is null)
                {
                    return paused is not null
                        ? DeliveryResult.Permanent($"Recurring job '{id}' is paused by Alerting: resume it before triggering it.")
                        : NoSuchJob(id);
                }

                return test || new RecurringJobManager(storage).TriggerJob(id) is not null
                    ? DeliveryResult.Delivered()
                    : NoSuchJob(id);
        }
    }

    private static DeliveryResult NoSuchJob(string id) => DeliveryResult.Permanent($"No recurring job '{id}'.");

    /// <summary>Keeps the definition first, then removes the job: a failure between the two leaves both, which a retry or a resume handles.</summary>
    private static void Pause(JobStorage storage, IStorageConnection connection, RecurringJobDto job)
    {
        using (var transaction = connection.CreateWriteTransaction())
        {
            transaction.SetRangeInHash(PausedKeyPrefix + job.Id,
            [
                new(JobField, InvocationData.SerializeJob(job.Job).SerializePayload()),
                new(CronField, job.Cron),
                new(TimeZoneField, job.TimeZoneId ?? TimeZoneInfo.Utc.Id),
                new(QueueField, job.Queue ?? string.Empty),
            ]);
            transaction.Commit();
        }

        new RecurringJobManager(storage).RemoveIfExists(job.Id);
    }

    /// <summary>Adds the job back from <paramref name="definition"/> (unless the app registered it again), then forgets the definition.</summary>
    private static void Resume(JobStorage storage, IStorageConnection connection, string id, Dictionary<string, string>? definition)
    {
        if (definition is not null)
        {
            var options = new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(definition[TimeZoneField]) };
            if (definition.TryGetValue(QueueField, out var queue) && queue.Length > 0)
            {
#pragma warning disable CS0618 // The recurring job's own queue, as it was registered.
                options.QueueName = queue;
#pragma warning restore CS0618
            }

            var job = InvocationData.DeserializePayload(definition[JobField]).DeserializeJob();
            new RecurringJobManager(storage).AddOrUpdate(id, job, definition[CronField], options);
        }

        using var transaction = connection.CreateWriteTransaction();
        transaction.RemoveHash(PausedKeyPrefix + id);
        transaction.Commit();
    }
}
