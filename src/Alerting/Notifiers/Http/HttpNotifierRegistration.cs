using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Alerting.Diagnostics;
using Alerting.Notifiers.Http.Internal;

namespace Alerting.Notifiers.Http;

/// <summary>
/// How a notifier type that takes an HttpClient is registered and created: the services of the shared HTTP pipeline, the
/// channel's named client and the validator of the shared HTTP options.
/// </summary>
internal static class HttpNotifierRegistration
{
    /// <summary>The name of a channel's HttpClient: <c>Alerting.{channel}</c>.</summary>
    public static string ClientName(string channelName) => "Alerting." + channelName;

    /// <summary>Creates a channel's named client, registering the channel's pipeline first: the client's configuration looks it up by name.</summary>
    /// <param name="services">The container.</param>
    /// <param name="channel">The channel name.</param>
    /// <param name="options">The channel's options; their HTTP settings apply when they implement <see cref="IHttpNotifierOptions"/>.</param>
    public static HttpClient CreateClient(IServiceProvider services, string channel, object options)
    {
        services.GetRequiredService<HttpChannelPipelines>().Register(channel, PluginHttpChannelOptions.For(options));
        return services.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName(channel));
    }

    /// <summary>Reads the state of a channel's circuit breaker by name: <see cref="ChannelCircuitState.None"/> for channels without one.</summary>
    public static Func<string, ChannelCircuitState> CircuitStates(IServiceProvider services) =>
        services.GetService<HttpChannelPipelines>() is { } pipelines ? pipelines.CircuitOf : static _ => ChannelCircuitState.None;

    /// <summary>Adds the validator of the shared HTTP options (<see cref="IHttpNotifierOptions"/>) for <typeparamref name="TOptions"/>.</summary>
    public static void AddOptionsValidator<TOptions>(IServiceCollection services)
        where TOptions : class =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, HttpNotifierOptionsValidator<TOptions>>());

    /// <summary>The services behind every HTTP channel's named client: one pipeline per channel, and the client setup that uses it.</summary>
    public static void AddHttpPipelineServices(IServiceCollection services)
    {
        services.TryAddSingleton(sp => new HttpChannelPipelines(sp.GetRequiredService<TimeProvider>(), sp.GetService<ILoggerFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<HttpClientFactoryOptions>, HttpChannelClientSetup>());
    }
}
