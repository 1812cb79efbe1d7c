using System.Net;
using Alerting.Notifiers.Internal;
using Microsoft.Extensions.Logging;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The innermost step of the pipeline, run once per try: counts the try, lets the notifier prepare the request for it
/// (Standard Webhooks stamps and signs each try), enforces the per-try timeout on the <see cref="TimeProvider"/>, and
/// logs one redacted line. A try that times out throws <see cref="TimeoutRejectedException"/>, which the retry and the
/// circuit breaker treat as transient. For channels whose provider reports failures in the body, the body is read
/// (capped) and the status the failure stands for becomes the try's status.
/// </summary>
internal sealed class AttemptHandler(string channelName, IHttpChannelOptions options, TimeProvider time, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var attempt = request.Options.TryGetValue(HttpAttemptState.OptionsKey, out var state) ? state.BeginAttempt(request) : 1;
        var endpoint = SecretRedaction.Url(request.RequestUri);
        var started = time.GetTimestamp();
        var attemptTimeout = options.Http.AttemptTimeout;
        using var timeout = new CancellationTokenSource(attemptTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var response = await base.SendAsync(request, linked.Token);
            if (options.InspectsBody((int)response.StatusCode))
            {
                await ClassifyBodyAsync(response, linked.Token);
            }

            Log.AttemptCompleted(logger, channelName, request.Method.Method, endpoint, attempt, (int)response.StatusCode, time.GetElapsedTime(started));
            return response;
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Log.AttemptTimedOut(logger, channelName, request.Method.Method, endpoint, attempt, attemptTimeout);
            throw new TimeoutRejectedException($"The try did not complete within {attemptTimeout}.", ex);
        }
        catch (HttpRequestException ex)
        {
            Log.AttemptFailed(logger, channelName, request.Method.Method, endpoint, attempt, HttpDelivery.Describe(ex));
            throw;
        }
    }

    /// <summary>Buffers the (capped) body so the notifier can read it too, and applies the status a failure in it stands for.</summary>
    private async Task ClassifyBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await HttpDelivery.ReadExcerptAsync(response.Content, cancellationToken);
        var contentType = response.Content.Headers.ContentType;
        response.Content.Dispose();
        response.Content = new StringContent(body);
        response.Content.Headers.ContentType = contentType;
        if (options.StatusInBody((int)response.StatusCode, body) is { } status)
        {
            response.StatusCode = (HttpStatusCode)status;
            response.ReasonPhrase = "Reported in the response body";
        }
    }
}
