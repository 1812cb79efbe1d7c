using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>Registers a notifier type that delivers over the shared HTTP pipeline.</summary>
internal static class HttpNotifierRegistration
{
    /// <summary>Makes the type usable from code and configuration, with its options validator and the shared pipeline.</summary>
    public static AlertingBuilder AddHttpNotifierType<TNotifier, TOptions, TValidator>(this AlertingBuilder builder, string typeName)
        where TNotifier : class, INotifier
        where TOptions : class, IHttpChannelOptions
        where TValidator : class, IValidateOptions<TOptions>
    {
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return builder.AddNotifierType<TNotifier, TOptions>(typeName);
    }

    /// <summary>The services behind every HTTP channel's named client: one pipeline per channel, and the client setup that uses it.</summary>
    public static void AddHttpPipelineServices(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new HttpChannelPipelines(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, HttpChannelClientSetup>());
    }
}
