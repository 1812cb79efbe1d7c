using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The resilience policies of one HTTP channel, built once so that the circuit breaker's state outlives the handler
/// rotation of <c>IHttpClientFactory</c>. Outer to inner: retry (Polly), circuit breaker (Polly), then the per-try
/// <see cref="AttemptHandler"/> (timeout, counting, logging). Polly 7 sleeps on the wall clock, so the retry has no wait
/// of its own: its <c>onRetryAsync</c> waits on the <see cref="TimeProvider"/> for the delay
/// <see cref="HttpRetryDelay"/> computes. This class is the one seam a move to Polly 8 would change.
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
        Retry = Transient(options).RetryAsync(Math.Max(0, http.MaxRetries), (outcome, retry, context) => WaitAsync(http, outcome, retry, context));
        Breaker = Transient(options).CircuitBreakerAsync(
            Math.Max(1, http.CircuitBreakerFailureThreshold),
            http.CircuitBreakerBreakDuration,
            (outcome, duration) => Log.CircuitOpened(_logger, _channelName, duration, Describe(outcome)),
            () => Log.CircuitClosed(_logger, _channelName));
    }

    public IHttpNotifierOptions Options { get; }

    public IAsyncPolicy<HttpResponseMessage> Retry { get; }

    public AsyncCircuitBreakerPolicy<HttpResponseMessage> Breaker { get; }

    /// <summary>The primary handler: redirects are failures for every provider here, so they are never followed.</summary>
    public static HttpMessageHandler CreatePrimaryHandler() => new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    };

    /// <summary>New handler instances (outer first) around the shared policies.</summary>
    public DelegatingHandler[] CreateHandlers() =>
    [
        new PolicyHttpMessageHandler(Retry),
        new PolicyHttpMessageHandler(Breaker),
        new AttemptHandler(_channelName, Options, _time, _logger),
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

    private static PolicyBuilder<HttpResponseMessage> Transient(IHttpNotifierOptions options) =>
        Policy<HttpResponseMessage>
            .Handle<HttpRequestException>()
            .Or<TimeoutRejectedException>()
            .OrResult(response => options.IsTransientStatus((int)response.StatusCode));

    private static string Describe(DelegateResult<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException ex => HttpDelivery.Describe(ex),
        TimeoutRejectedException => "a timeout",
        { } ex => ex.GetType().Name,
        null => $"status {(int)outcome.Result.StatusCode}",
    };

    private async Task WaitAsync(HttpDeliveryOptions http, DelegateResult<HttpResponseMessage> outcome, int retry, Context context)
    {
        var state = context.TryGetValue(HttpAttemptState.ContextKey, out var value) ? value as HttpAttemptState : null;
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
        var delay = HttpRetryDelay.Next(http, retry, outcome.Result?.Headers.RetryAfter, _time.GetUtcNow(), Random.Shared.NextDouble());
#pragma warning restore CA5394
        Log.Retrying(_logger, _channelName, retry + 1, delay, Describe(outcome));
        outcome.Result?.Dispose();
        await Task.Delay(delay, _time, state?.CancellationToken ?? CancellationToken.None).ConfigureAwait(false);
    }
}
