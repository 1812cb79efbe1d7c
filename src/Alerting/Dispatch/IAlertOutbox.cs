namespace Alerting;

/// <summary>
/// Where accepted events are kept until every notification they make has an outcome, so that the events an instance
/// accepted and had not finished when it stopped (a crash, a kill, a stop that ran out of drain time) are dispatched
/// again: by the same instance at its next start (the file outbox of <see cref="OutboxOptions"/>), or by another
/// instance sharing the outbox (<c>Alerting.Redis</c>, or your own: register it as the <see cref="IAlertOutbox"/>
/// singleton after <c>AddAlerting</c>; it then takes the place of the file outbox). Delivery is at least once: an event
/// half delivered when its instance stopped is dispatched again in full, and the incident store deduplicates what
/// tracks incidents.
/// </summary>
public interface IAlertOutbox
{
    /// <summary>Gets how often dispatch claims again after the start (events of other instances that stopped since); null to claim only at the start.</summary>
    TimeSpan? ClaimInterval { get; }

    /// <summary>
    /// The events to dispatch here, oldest first: at the first call, those this instance kept from before it last
    /// stopped; with a shared outbox, also those of instances that stopped (no longer renew their lease), which become
    /// this instance's own.
    /// </summary>
    ValueTask<IReadOnlyList<AlertEvent>> ClaimAsync(CancellationToken cancellationToken);

    /// <summary>Keeps an accepted event (stamped, before it is queued) until <see cref="Done"/>; the publisher waits for it.</summary>
    ValueTask AddAsync(AlertEvent alertEvent, CancellationToken cancellationToken);

    /// <summary>Marks an event finished: all its notifications have an outcome, or it was not accepted after all. Must not block.</summary>
    void Done(string eventId);

    /// <summary>From now on nothing is marked done: a stop that ran out of drain time leaves its events to be dispatched again.</summary>
    void KeepPending();

    /// <summary>Called once dispatch has stopped; what is still kept stays for the next start or another instance.</summary>
    ValueTask CloseAsync();
}
