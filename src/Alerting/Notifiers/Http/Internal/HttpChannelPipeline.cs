using Alerting.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The resilience of one HTTP channel's configuration: the circuit breaker (Polly), then the per-request
/// <see cref="RequestStep"/> (timeout, body classification, logging). The channel's client runs it through a
/// <see cref="ChannelPipelineHandler"/>, which looks the channel's current pipeline up per request: the breaker's
/// state outlives the handler rotation of <c>IHttpClientFactory</c>, and a configuration reloaded with new options
/// applies to the next request even through a pooled handler. It makes no retry: the channel's one retry policy
/// (<see cref="ChannelOptions.Retry"/>) does, above the notifier. This class is the one seam a move to Polly 8 would
/// change.
/// </summary>
internal sealed class HttpChannelPipeline
{
    private readonly string _channelName;
    private readonly ILogger _logger;
    private readonly RequestStep _step;

    public HttpChannelPipeline(string channelName, IHttpNotifierOptions options, TimeProvider time, ILogger logger)
    {
        _channelName = channelName;
        _logger = logger;
        Options = options;
        _step = new RequestStep(channelName, options, time, logger);
        var http = options.Http;
        Breaker = Policy<HttpResponseMessage>
            .Handle<HttpRequestException>()
            .Or<TimeoutRejectedException>()
            .OrResult(response => options.IsTransientStatus((int)response.StatusCode))
            .CircuitBreakerAsync(
                Math.Max(1, http.CircuitBreakerFailureThreshold),
                http.CircuitBreakerBreakDuration,
                (outcome, duration) => Log.CircuitOpened(_logger, _channelName, duration, Describe(outcome)),
                () => Log.CircuitClosed(_logger, _channelName));
    }

    public IHttpNotifierOptions Options { get; }

    public AsyncCircuitBreakerPolicy<HttpResponseMessage> Breaker { get; }

    /// <summary>Gets the breaker's state: an open circuit whose break is over reads as half-open.</summary>
    public ChannelCircuitState Circuit => Breaker.CircuitState switch
    {
        CircuitState.Closed => ChannelCircuitState.Closed,
        CircuitState.HalfOpen => ChannelCircuitState.HalfOpen,
        _ => ChannelCircuitState.Open, // open, or isolated (never done here)
    };

    /// <summary>Sends one request through the breaker and the per-request step; <paramref name="send"/> is the rest of the handler chain.</summary>
    public Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken) =>
        Breaker.ExecuteAsync(token => _step.SendAsync(request, send, token), cancellationToken);

    /// <summary>The primary handler: redirects are failures for every provider here, so they are never followed.</summary>
    public static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>A client with this pipeline over <paramref name="primary"/>, outside <c>IHttpClientFactory</c> (tests, tools).</summary>
    public HttpClient CreateClient(HttpMessageHandler primary) =>
        new(new ChannelPipelineHandler(() => this) { InnerHandler = primary }) { Timeout = Timeout.InfiniteTimeSpan };

    private static string Describe(DelegateResult<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException ex => HttpDelivery.Describe(ex),
        TimeoutRejectedException => "a timeout",
        { } ex => ex.GetType().Name,
        null => $"status {(int)outcome.Result.StatusCode}",
    };
}
