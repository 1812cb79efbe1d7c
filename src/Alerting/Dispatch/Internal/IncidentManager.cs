using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;
using Alerting.Incidents;

namespace Alerting.Dispatch.Internal;

/// <summary>Acknowledges and resolves incidents in the store and tells the channels that were notified for them.</summary>
internal sealed class IncidentManager(IIncidentStore store, SilenceRegistry silences, IServiceProvider services, TimeProvider time) : IIncidentManager
{
    public IReadOnlyList<Incident> GetOpenIncidents() => store.GetOpen();

    public async ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(acknowledgedBy);
        var dispatcher = Dispatcher();
        if (await store.AcknowledgeAsync(incidentId, acknowledgedBy, note, time.GetUtcNow()).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var notifiedEvent = incident.OpeningEvent!.WithMessage(ByWhom("Acknowledged", acknowledgedBy, note));
        await dispatcher.Router.NotifyIncidentAsync(new Envelope(notifiedEvent, null, default), incident, NotificationKind.Acknowledge, notifiedEvent).ConfigureAwait(false);
        return incident;
    }

    public async ValueTask<Incident?> ResolveAsync(string incidentId, string resolvedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        var dispatcher = Dispatcher();
        if (await store.ResolveAsync(incidentId, time.GetUtcNow()).ConfigureAwait(false) is not { } incident)
        {
            return null;
        }

        var notifiedEvent = dispatcher.Router.ResolvingCopy(incident, ByWhom("Resolved", resolvedBy, note));
        await dispatcher.Router.NotifyIncidentAsync(new Envelope(notifiedEvent, null, default), incident, NotificationKind.Resolve, notifiedEvent).ConfigureAwait(false);
        return incident;
    }

    public async ValueTask<Incident?> UpdateAsync(string incidentId, IncidentPhase phase, string message, string updatedBy, IncidentAudience audience = IncidentAudience.Technical, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(updatedBy);
        if (!Enum.IsDefined(phase) || !Enum.IsDefined(audience))
        {
            throw new ArgumentOutOfRangeException(Enum.IsDefined(phase) ? nameof(audience) : nameof(phase), "Not a defined value.");
        }

        var dispatcher = Dispatcher();
        var text = $"[{phase}] {message} ({updatedBy})";
        Incident? incident;
        if (phase == IncidentPhase.Resolved)
        {
            incident = await ResolveAsync(incidentId, updatedBy, text, cancellationToken).ConfigureAwait(false);
        }
        else if ((incident = await store.SetPhaseAsync(incidentId, phase).ConfigureAwait(false)) is not null)
        {
            var notifiedEvent = incident.OpeningEvent!.WithMessage(text);
            await dispatcher.Router.NotifyIncidentAsync(new Envelope(notifiedEvent, null, default), incident, NotificationKind.Update, notifiedEvent).ConfigureAwait(false);
        }

        if (incident is not null)
        {
            await dispatcher.PublishAsync(UpdateEvent(incident, phase, audience, text, updatedBy), cancellationToken).ConfigureAwait(false);
        }

        return incident;
    }

    public void AddSilence(string name, SilenceOptions silence) => Wait(AddSilenceAsync(name, silence));

    public bool RemoveSilence(string name) => Wait(RemoveSilenceAsync(name));

    public ValueTask AddSilenceAsync(string name, SilenceOptions silence, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(silence);
        if (silence.TimeIntervals.Count > 0)
        {
            Dispatcher(); // started, so the time intervals of the configuration in force are known to the silences
        }

        return silences.AddAsync(name, silence, cancellationToken);
    }

    public ValueTask<bool> RemoveSilenceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return silences.RemoveAsync(name, cancellationToken);
    }

    /// <summary>The result of a call made synchronously (at once with the in-process store; after a round trip with a shared one).</summary>
    private static void Wait(ValueTask pending)
    {
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult();
            return;
        }

        pending.AsTask().GetAwaiter().GetResult();
    }

    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static AlertEvent UpdateEvent(Incident incident, IncidentPhase phase, IncidentAudience audience, string text, string updatedBy) =>
        new(AlertEventTypes.IncidentUpdated, incident.Source, incident.Severity, text)
        {
            DedupKey = string.Concat(AlertEventTypes.IncidentUpdated, ":", incident.Id),
            Environment = incident.OpeningEvent?.Environment,
            Attributes = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["incident_id"] = incident.Id,
                ["incident_key"] = incident.Key,
                ["phase"] = phase.ToString().ToLowerInvariant(),
                ["audience"] = audience.ToString().ToLowerInvariant(),
                ["updated_by"] = updatedBy,
            },
        };

    private static string ByWhom(string what, string by, string? note) => note is null ? $"{what} by {by}." : $"{what} by {by}: {note}";

    private AlertDispatcher Dispatcher()
    {
        var dispatcher = services.GetRequiredService<AlertDispatcher>();
        dispatcher.EnsureStarted();
        return dispatcher;
    }
}
