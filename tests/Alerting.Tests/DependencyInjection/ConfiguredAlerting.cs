using Alerting.Tests.DependencyInjection.Plugins;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.DependencyInjection;

/// <summary>
/// An <see cref="AlertingHarness"/> configured the way an application is: <c>AddAlerting(section, code)</c>, with the
/// test plugin type <c>filedrop</c> registered and its <see cref="FileDropBox"/> available.
/// </summary>
internal static class ConfiguredAlerting
{
    public static AlertingHarness Create(string json, Action<AlertingBuilder>? code = null, Action<IServiceCollection>? services = null) =>
        AlertingHarness.Create(
            _ => { },
            s =>
            {
                s.AddSingleton<FileDropBox>();
                s.AddAlerting(JsonConfiguration.AlertingSection(json), alerting =>
                {
                    alerting.AddNotifierType<FileDropNotifier, FileDropOptions>();
                    code?.Invoke(alerting);
                });
                services?.Invoke(s);
            });
}
