namespace Alerting.Notifiers.Http;

/// <summary>
/// Implemented by the options of a notifier that delivers over HTTP, to tune the shared HTTP pipeline its channel gets:
/// retries with backoff and jitter honouring <c>Retry-After</c>, a per-try timeout and a circuit breaker. A notifier
/// whose constructor takes an <see cref="HttpClient"/> gets that pipeline with or without this interface (with the
/// defaults of <see cref="HttpDeliveryOptions"/> when its options do not implement it), exactly as the built-in
/// channels do.
/// </summary>
public interface IHttpNotifierOptions
{
    /// <summary>Gets the retry, timeout and circuit-breaker settings of the channel's HTTP pipeline.</summary>
    HttpDeliveryOptions Http { get; }
}
