using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The resilience of one HTTP channel, built once so that the circuit breaker's state outlives the handler rotation of
/// <c>IHttpClientFactory</c>. Outer to inner: the circuit breaker (Polly), then the per-request
/// <see cref="RequestHandler"/> (timeout, body classification, logging). It makes no retry: the channel's one retry
/// policy (<see cref="ChannelOptions.Retry"/>) does, above the notifier. This class is the one seam a move to Polly 8
/// would change.
/// </summary>
internal sealed class HttpChannelPipeline
{
    private readonly string _channelName;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public HttpChannelPipeline(string channelName, IHttpNotifierOptions options, TimeProvider time, ILogger logger)
    {
        _channelName = channelName;
        _time = time;
        _logger = logger;
        Options = options;
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

    /// <summary>The primary handler: redirects are failures for every provider here, so they are never followed.</summary>
    public static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>New handler instances (outer first) around the shared breaker.</summary>
    public DelegatingHandler[] CreateHandlers() =>
    [
        new PolicyHttpMessageHandler(Breaker),
        new RequestHandler(_channelName, Options, _time, _logger),
    ];

    /// <summary>A client with this pipeline over <paramref name="primary"/>, outside <c>IHttpClientFactory</c> (tests, tools).</summary>
    public HttpClient CreateClient(HttpMessageHandler primary)
    {
        var handlers = CreateHandlers();
        for (var i = 0; i < handlers.Length; i++)
        {
            handlers[i].InnerHandler = i + 1 < handlers.Length ? handlers[i + 1] : primary;
        }

        return new HttpClient(handlers[0]) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static string Describe(DelegateResult<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException ex => HttpDelivery.Describe(ex),
        TimeoutRejectedException => "a timeout",
        { } ex => ex.GetType().Name,
        null => $"status {(int)outcome.Result.StatusCode}",
    };
}
