using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Http;

namespace Alerting.Notifiers.Http;

/// <summary>The services the shared HTTP pipeline needs, added once for any notifier type that takes an HttpClient.</summary>
internal static class HttpNotifierRegistration
{
    /// <summary>The services behind every HTTP channel's named client: one pipeline per channel, and the client setup that uses it.</summary>
    public static void AddHttpPipelineServices(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new HttpChannelPipelines(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, HttpChannelClientSetup>());
    }
}
