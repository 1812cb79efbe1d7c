using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Configures the named client <c>Alerting.{channel}</c> of every HTTP channel: the channel's current pipeline (looked
/// up per request) around a primary handler that never follows redirects, an infinite <see cref="HttpClient.Timeout"/> (the channel's timeout is the
/// deadline), and none of <c>IHttpClientFactory</c>'s default loggers, which would log webhook paths.
/// </summary>
internal sealed class HttpChannelClientSetup(HttpChannelPipelines pipelines) : IConfigureNamedOptions<HttpClientFactoryOptions>
{
    private static readonly string s_prefix = HttpNotifierRegistration.ClientName(string.Empty);

    public void Configure(string? name, HttpClientFactoryOptions options)
    {
        if (name is null || !name.StartsWith(s_prefix, StringComparison.Ordinal) || !pipelines.TryGet(name[s_prefix.Length..], out _))
        {
            return;
        }

        var channelName = name[s_prefix.Length..];
        RemoveAllLoggers(name, options);
        options.HttpClientActions.Add(client => client.Timeout = Timeout.InfiniteTimeSpan);
        options.HttpMessageHandlerBuilderActions.Add(builder =>
        {
            builder.PrimaryHandler = HttpChannelPipeline.CreatePrimaryHandler();
            builder.AdditionalHandlers.Add(new ChannelPipelineHandler(() => pipelines.Get(channelName)));
        });
    }

    public void Configure(HttpClientFactoryOptions options) => Configure(Options.DefaultName, options);

    /// <summary>
    /// Applies <c>RemoveAllLoggers()</c> to a client whose name is only known now (channels from configuration): the
    /// extension records its change as named options on a builder, so it runs against a scratch collection and the
    /// recorded configuration is applied here.
    /// </summary>
    private static void RemoveAllLoggers(string name, HttpClientFactoryOptions options)
    {
        var scratch = new ScratchServices();
        new ScratchClientBuilder(name, scratch).RemoveAllLoggers();
        foreach (var configure in scratch.Select(d => d.ImplementationInstance).OfType<IConfigureNamedOptions<HttpClientFactoryOptions>>())
        {
            configure.Configure(name, options);
        }
    }

    private sealed class ScratchServices : List<ServiceDescriptor>, IServiceCollection;

    private sealed class ScratchClientBuilder(string name, IServiceCollection services) : IHttpClientBuilder
    {
        public string Name { get; } = name;

        public IServiceCollection Services { get; } = services;
    }
}
