using System.Collections.Concurrent;
using Alerting.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The pipelines of the HTTP channels, by channel name. A channel is registered when its notifier is created, just before
/// its named client is, so <see cref="HttpChannelClientSetup"/> can configure that client whether the channel came from
/// code or from configuration.
/// </summary>
internal sealed class HttpChannelPipelines(TimeProvider time, ILoggerFactory? loggerFactory = null)
{
    private readonly ConcurrentDictionary<string, HttpChannelPipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>The category the pipelines log under.</summary>
    public const string LoggerCategory = "Alerting.Http";

    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LoggerCategory);

    /// <summary>Registers a channel's pipeline, keeping the existing one (and its circuit state) while the options are the same.</summary>
    public HttpChannelPipeline Register(string channelName, IHttpNotifierOptions options) =>
        _pipelines.AddOrUpdate(
            channelName,
            name => new HttpChannelPipeline(name, options, time, _logger),
            (name, existing) => ReferenceEquals(existing.Options, options) ? existing : new HttpChannelPipeline(name, options, time, _logger));

    public bool TryGet(string channelName, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out HttpChannelPipeline? pipeline) =>
        _pipelines.TryGetValue(channelName, out pipeline);

    /// <summary>The state of the channel's circuit breaker; <see cref="ChannelCircuitState.None"/> when it has no pipeline (not an HTTP channel).</summary>
    public ChannelCircuitState CircuitOf(string channelName) =>
        _pipelines.TryGetValue(channelName, out var pipeline) ? pipeline.Circuit : ChannelCircuitState.None;

    /// <summary>The channel's current pipeline; registered before its client exists, so always there once a request is sent.</summary>
    public HttpChannelPipeline Get(string channelName) =>
        _pipelines.TryGetValue(channelName, out var pipeline)
            ? pipeline
            : throw new InvalidOperationException($"HTTP channel '{channelName}' has no pipeline: its notifier was not created through Alerting.");
}
