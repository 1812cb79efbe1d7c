using Alerting.Diagnostics;
using Alerting.Dispatch.Internal;
using Alerting.Incidents;
using Alerting.Notifiers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Alerting.Dispatch;

/// <summary>
/// Registers the dispatcher as <see cref="IAlertPublisher"/> and a hosted service, the incident manager that notifies
/// through it, <see cref="IAlertingHealth"/>, which reads its state, and the count of background work it shares with
/// the monitor (<see cref="IAlertingBackgroundWork"/>).
/// </summary>
internal static class DispatchServiceCollectionExtensions
{
    /// <summary>Adds dispatch; called once by <c>AddAlerting</c>, which registers the <see cref="DispatchSettings"/> it reads.</summary>
    public static void AddDispatch(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundWork>();
        services.AddSingleton<IAlertingBackgroundWork>(sp => sp.GetRequiredService<BackgroundWork>());
        services.AddSingleton<IIncidentManager, IncidentManager>();
        services.AddSingleton<AlertDispatcher>();
        services.AddSingleton<IAlertPublisher>(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AlertDispatcher>());
        services.AddSingleton<IAlertingHealth>(sp => new AlertingHealth(
            sp.GetRequiredService<AlertDispatcher>(),
            HttpNotifierRegistration.CircuitStates(sp),
            sp.GetService<ISharedStoreStatus>(),
            sp.GetRequiredService<TimeProvider>()));
    }
}
