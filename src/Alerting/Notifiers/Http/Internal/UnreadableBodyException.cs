namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// A try whose 2xx body could not be read, for a provider that confirms in the body and deduplicates resends
/// (<see cref="UnreadableSuccessBody.Retried"/>): an <see cref="HttpRequestException"/>, so the pipeline's retry and
/// circuit breaker treat it as the network failure it is. <see cref="Exception.Message"/> is the reason, free of secrets.
/// </summary>
internal sealed class UnreadableBodyException(int statusCode, string failure, Exception innerException)
    : HttpRequestException(HttpDelivery.UnreadableBodyReason(statusCode, failure), innerException, (System.Net.HttpStatusCode)statusCode)
{
}
