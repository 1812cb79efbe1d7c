using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Dispatch;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>
/// A channel's HTTP pipeline over a test handler, on a <see cref="TimerClock"/>, with a fake logger. The pipeline makes
/// no retries (the channel's retry policy does, above the notifier); per-request timeouts are an hour unless a test
/// sets them.
/// </summary>
internal sealed class HttpRig : IDisposable
{
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromHours(1);

    public HttpRig(IHttpNotifierOptions options, HttpMessageHandler primary, string channelName = "http-test")
    {
        Options = options;
        Pipeline = new HttpChannelPipeline(channelName, options, Clock, Logger);
        Client = Pipeline.CreateClient(primary);
    }

    public TimerClock Clock { get; } = new();

    public FakeLogger Logger { get; } = new();

    public IHttpNotifierOptions Options { get; }

    public HttpChannelPipeline Pipeline { get; }

    public HttpClient Client { get; }

    /// <summary>A long per-request timeout and a high circuit threshold, changed by <paramref name="change"/>.</summary>
    public static HttpDeliveryOptions Quick(Action<HttpDeliveryOptions>? change = null)
    {
        var options = new HttpDeliveryOptions
        {
            RequestTimeout = RequestTimeout,
            CircuitBreakerFailureThreshold = 100,
        };
        change?.Invoke(options);
        return options;
    }

    public void Dispose() => Client.Dispose();
}
