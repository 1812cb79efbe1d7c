using System.Text;
using Microsoft.Extensions.Configuration;

namespace Alerting.Tests.DependencyInjection;

/// <summary>Configuration sections from JSON text, as an appsettings.json file would give them.</summary>
internal static class JsonConfiguration
{
    /// <summary>The <c>Alerting</c> section of the JSON document.</summary>
    public static IConfigurationSection AlertingSection(string json) =>
        new ConfigurationBuilder()
            .AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)))
            .Build()
            .GetSection(AlertingOptions.SectionName);
}
