using System.Net;
using Alerting.Notifiers.Internal;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The innermost step of a channel's pipeline, run once per request inside its circuit breaker: enforces the per-request timeout on the
/// <see cref="TimeProvider"/> and logs one redacted line. A request that times out throws
/// <see cref="TimeoutRejectedException"/>, which the circuit breaker counts as transient. For channels whose provider
/// reports failures in the body, the body is read (capped) and the status the failure stands for becomes the request's
/// status. For channels whose provider confirms a delivery in the 2xx body, that body is read too; one that cannot be
/// read is what the channel's <see cref="IHttpNotifierOptions.OnUnreadableSuccessBody"/> says: noted for the result, or
/// a failed request for the channel's retry policy to retry.
/// </summary>
internal sealed class RequestStep(string channelName, IHttpNotifierOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>Sends <paramref name="request"/> with <paramref name="send"/> (the rest of the handler chain) under the per-request timeout.</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request, Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var state = request.Options.TryGetValue(HttpAttemptState.OptionsKey, out var found) ? found : null;
        state?.Begin(options);
        var endpoint = logger.IsEnabled(LogLevel.Debug) ? SecretRedaction.Url(request.RequestUri) : string.Empty; // for the Debug lines only
        var started = time.GetTimestamp();
        var requestTimeout = options.Http.RequestTimeout;
        // On the system clock (the common case) one linked source with the system timer's CancelAfter; else a timer of the clock's own.
        using var timeout = ReferenceEquals(time, TimeProvider.System) ? null : new CancellationTokenSource(requestTimeout, time);
        using var linked = timeout is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        if (timeout is null)
        {
            linked.CancelAfter(requestTimeout);
        }

        try
        {
            var response = await send(request, linked.Token).ConfigureAwait(false);
            var answered = (int)response.StatusCode;
            if (options.InspectsBody(answered) ||
                (answered is >= 200 and < 300 && options.OnUnreadableSuccessBody != UnreadableSuccessBody.Delivered))
            {
                if (await ReadBodyAsync(response, linked.Token).ConfigureAwait(false) is { } failure)
                {
                    if (answered is >= 200 and < 300 && options.OnUnreadableSuccessBody == UnreadableSuccessBody.Retried)
                    {
                        response.Dispose();
                        throw new UnreadableBodyException(answered, failure.Reason, failure.Exception);
                    }

                    Log.BodyUnreadable(logger, channelName, request.Method.Method, endpoint, answered, failure.Reason);
                    state?.BodyUnreadable(failure.Reason);
                }
            }

            Log.RequestCompleted(logger, channelName, request.Method.Method, endpoint, (int)response.StatusCode, time.GetElapsedTime(started));
            return response;
        }
        catch (OperationCanceledException ex) when (linked.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.RequestTimedOut(logger, channelName, request.Method.Method, endpoint, requestTimeout);
            throw new TimeoutRejectedException($"The request did not complete within {requestTimeout}.", ex);
        }
        catch (HttpRequestException ex)
        {
            Log.RequestFailed(logger, channelName, request.Method.Method, endpoint, HttpDelivery.Describe(ex));
            throw;
        }
    }

    /// <summary>
    /// Buffers the (capped) body so the notifier can read it too, and applies the status a failure in it stands for. A
    /// body that cannot be read (the connection reset mid-body) is left empty, the status kept, and why is returned.
    /// </summary>
    private async Task<(string Reason, Exception Exception)?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        (string, Exception)? failure = null;
        try
        {
            body = await HttpDelivery.ReadExcerptAsync(response.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HttpDelivery.IsBodyReadFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            body = string.Empty;
            failure = (HttpDelivery.DescribeBodyReadFailure(ex), ex);
        }

        var contentType = response.Content.Headers.ContentType;
        response.Content.Dispose();
        response.Content = new StringContent(body);
        response.Content.Headers.ContentType = contentType;
        if (failure is null && options.StatusInBody((int)response.StatusCode, body) is { } status)
        {
            response.StatusCode = (HttpStatusCode)status;
            response.ReasonPhrase = "Reported in the response body";
        }

        return failure;
    }
}
