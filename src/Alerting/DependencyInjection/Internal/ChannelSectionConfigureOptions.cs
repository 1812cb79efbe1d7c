using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Alerting.DependencyInjection.Internal;

/// <summary>
/// Binds a notifier's options for channel <c>name</c> from <c>Channels:{name}</c> of every Alerting configuration
/// section, with the binder its type was registered with (source-generated for the built-in types).
/// </summary>
internal sealed class ChannelSectionConfigureOptions<TOptions>(IEnumerable<AlertingConfigurationSource> sources, Action<IConfiguration, TOptions> bind)
    : IConfigureNamedOptions<TOptions>
    where TOptions : class
{
    public void Configure(string? name, TOptions options)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        foreach (var source in sources)
        {
            var section = source.Section.GetSection("Channels").GetSection(name);
            if (section.Exists())
            {
                bind(section, options);
            }
        }
    }

    public void Configure(TOptions options) => Configure(Options.DefaultName, options);
}
