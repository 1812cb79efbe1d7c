using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Dispatch;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>
/// A channel's HTTP pipeline over a test handler, on a <see cref="TimerClock"/>, with a fake logger. Retries are
/// immediate unless a test sets delays; per-try timeouts are long enough never to be mistaken for a retry wait.
/// </summary>
internal sealed class HttpRig : IDisposable
{
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromHours(1);

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

    /// <summary>Immediate retries, a long per-try timeout and a high circuit threshold, changed by <paramref name="change"/>.</summary>
    public static HttpDeliveryOptions Quick(Action<HttpDeliveryOptions>? change = null)
    {
        var options = new HttpDeliveryOptions
        {
            BaseDelay = TimeSpan.Zero,
            MaxDelay = TimeSpan.Zero,
            AttemptTimeout = AttemptTimeout,
            CircuitBreakerFailureThreshold = 100,
        };
        change?.Invoke(options);
        return options;
    }

    /// <summary>Waits for the next timer that is not a per-try timeout (a retry wait), fires it and returns its due time.</summary>
    public async Task<TimeSpan> FireRetryWaitAsync()
    {
        for (var i = 0; i < 20; i++)
        {
            var due = await Clock.NextTimerAsync();
            if (due != AttemptTimeout)
            {
                Clock.Advance(due);
                return due;
            }
        }

        throw new AssertionException("No retry wait was scheduled.");
    }

    public void Dispose() => Client.Dispose();
}
