using Alerting.DependencyInjection.Internal;
using Alerting.Dispatch.Internal;
using Alerting.Notifiers;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Incidents.Internal;

/// <summary>Acknowledges and resolves incidents in the store and tells the channels that were notified for them.</summary>
internal sealed class IncidentManager(IIncidentStore store, SilenceRegistry silences, IServiceProvider services, TimeProvider time) : IIncidentManager
{
    public IReadOnlyList<Incident> GetOpenIncidents() => store.GetOpen();

    public async ValueTask<Incident?> AcknowledgeAsync(string incidentId, string acknowledgedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(acknowledgedBy);
        var dispatcher = Dispatcher();
        if (await store.AcknowledgeAsync(incidentId, acknowledgedBy, note, time.GetUtcNow()) is not { } incident)
        {
            return null;
        }

        var shown = incident.OpeningEvent!.WithMessage(Says("Acknowledged", acknowledgedBy, note));
        await dispatcher.NotifyIncidentAsync(new Envelope(shown, null, default), incident, NotificationKind.Acknowledge, shown);
        return incident;
    }

    public async ValueTask<Incident?> ResolveAsync(string incidentId, string resolvedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(incidentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        var dispatcher = Dispatcher();
        if (await store.ResolveAsync(incidentId, time.GetUtcNow()) is not { } incident)
        {
            return null;
        }

        var shown = dispatcher.ResolvingCopy(incident, Says("Resolved", resolvedBy, note));
        await dispatcher.NotifyIncidentAsync(new Envelope(shown, null, default), incident, NotificationKind.Resolve, shown);
        return incident;
    }

    public void AddSilence(string name, SilenceOptions silence)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(silence);
        var errors = new List<string>();
        silences.Add(AlertingCompiler.CompileSilence(name, silence, errors) ?? throw new AlertingConfigurationException(errors));
    }

    public bool RemoveSilence(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return silences.Remove(name);
    }

    private static string Says(string what, string by, string? note) => note is null ? $"{what} by {by}." : $"{what} by {by}: {note}";

    private AlertDispatcher Dispatcher()
    {
        var dispatcher = services.GetRequiredService<AlertDispatcher>();
        dispatcher.EnsureStarted();
        return dispatcher;
    }
}
