using Alerting.Incidents;
using Alerting.Incidents.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Alerting.Incidents;

/// <summary>Registers the incident gate's state: the incident store and the schedule of their steps (unless the host brought its own) and the silences.</summary>
internal static class IncidentsServiceCollectionExtensions
{
    /// <summary>Adds the in-memory incident store, step schedule and silence store, unless registered already, and the silence registry; called once by <c>AddAlerting</c>.</summary>
    public static void AddIncidents(this IServiceCollection services)
    {
        services.TryAddSingleton<IIncidentStore, InMemoryIncidentStore>();
        services.TryAddSingleton<IIncidentSchedule, InMemoryIncidentSchedule>();
        services.TryAddSingleton<ISilenceStore, InMemorySilenceStore>();
        services.AddSingleton<SilenceRegistry>();
    }
}
