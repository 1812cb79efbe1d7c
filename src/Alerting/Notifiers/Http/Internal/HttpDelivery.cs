using System.Net.Http.Headers;
using System.Text;
using Alerting.Notifiers.Internal;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Sends one notification's request through a channel's pipeline and turns what happened into a
/// <see cref="DeliveryResult"/>: the one place every HTTP notifier reads statuses, error bodies (capped) and
/// <c>Retry-After</c>, and maps exceptions to reasons that carry no secret.
/// </summary>
internal static class HttpDelivery
{
    /// <summary>The most bytes of an error body that are read; the rest is never buffered.</summary>
    public const int MaxErrorBodyBytes = 4096;

    /// <summary>The most characters of a body quoted in a reason.</summary>
    public const int MaxReasonBodyLength = 500;

    /// <summary>The reason for a try that got no answer within its timeout.</summary>
    public const string NoAnswerInTime = "the provider did not answer in time";

    /// <summary>The shortest path segment or query value of a secret URL that <see cref="UrlSecrets"/> treats as a token.</summary>
    private const int MinSecretPartLength = 6;

    /// <summary>Sends one request through the channel's pipeline and says what came back; never throws for a provider's failure.</summary>
    public static async Task<HttpExchange> SendAsync(HttpClient http, HttpRequestMessage request, TimeProvider time, bool readSuccessBody, CancellationToken cancellationToken)
    {
        var state = new HttpAttemptState();
        request.Options.Set(HttpAttemptState.OptionsKey, state);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var body = string.Empty;
            var bodyFailure = state.BodyFailure;
            if (status is < 200 or >= 300 || readSuccessBody)
            {
                try
                {
                    body = await ReadExcerptAsync(response.Content, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsBodyReadFailure(ex) && !cancellationToken.IsCancellationRequested)
                {
                    // The status came; the body did not (a reset mid-body). The status decides, and the result says why the body is missing.
                    bodyFailure ??= DescribeBodyReadFailure(ex);
                }
            }

            return new HttpExchange(status, body, RetryAfterHeader.Wait(response.Headers.RetryAfter, time.GetUtcNow()), null) { BodyFailure = bodyFailure };
        }
        catch (BrokenCircuitException)
        {
            return new HttpExchange(null, string.Empty, null, "the channel's circuit is open after repeated failures; no request was sent") { Refused = true };
        }
        catch (TimeoutRejectedException)
        {
            return new HttpExchange(null, string.Empty, null, NoAnswerInTime);
        }
        catch (HttpRequestException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpExchange(null, string.Empty, null, Describe(ex));
        }
    }

    /// <summary>
    /// The result for an exchange: 2xx delivered; no response or a status the provider calls transient, a transient
    /// failure; a redirect or any other status, permanent.
    /// </summary>
    /// <param name="exchange">What happened.</param>
    /// <param name="options">The channel's options (its transient statuses).</param>
    /// <param name="detail">The provider's explanation taken from the body; the body excerpt when <see langword="null"/>.</param>
    /// <param name="secrets">Values to remove from the reason, should the provider echo them.</param>
    public static DeliveryResult ToResult(HttpExchange exchange, IHttpNotifierOptions options, string? detail, params ReadOnlySpan<string?> secrets)
    {
        var attempts = exchange.Refused ? 0 : 1;
        if (exchange.IsSuccess)
        {
            return exchange.BodyFailure is { } failure && options.OnUnreadableSuccessBody != UnreadableSuccessBody.Delivered
                ? DeliveryResult.NotRetried(
                    $"{UnreadableBodyReason(exchange.StatusCode!.Value, failure)}; not retried, as the provider may have acted on the request and a resend could duplicate it.",
                    attempts)
                : DeliveryResult.Delivered(attempts);
        }

        if (exchange.StatusCode is not { } status)
        {
            var reason = exchange.Failure ?? "no response";
            return exchange.Refused ? DeliveryResult.NotRetried(reason, 0) : DeliveryResult.Transient(reason, null, attempts);
        }

        if (status is >= 300 and < 400)
        {
            return DeliveryResult.Permanent($"HTTP {status}: redirects are not followed; configure the final URL.", attempts);
        }

        detail ??= exchange.Body;
        var text = SecretRedaction.Scrub(
            detail.Length == 0 ? $"HTTP {status}" : $"HTTP {status}: {TextTruncation.Truncate(detail.Trim(), MaxReasonBodyLength, out _)}",
            secrets);
        return options.IsTransientStatus(status)
            ? DeliveryResult.Transient(text, exchange.RetryAfter, attempts)
            : DeliveryResult.Permanent(text, attempts);
    }

    /// <summary>A network error, by kind only: messages of socket errors may name hosts, never paths, but kinds are enough.</summary>
    public static string Describe(HttpRequestException exception) =>
        exception is UnreadableBodyException ? exception.Message
        : exception.HttpRequestError == HttpRequestError.Unknown
            ? $"network error ({exception.InnerException?.GetType().Name ?? nameof(HttpRequestException)})"
            : $"network error ({exception.HttpRequestError})";

    /// <summary>
    /// The forms in which a provider could echo the credentials of a URL whose path or query is a secret (Slack and
    /// Teams webhooks), longest first, for <see cref="ToResult"/> to remove from reasons: the whole URL, its path and
    /// query, and each path segment and query value long enough to be a token (a Slack webhook's last segment, a
    /// Workflows <c>sig</c>).
    /// </summary>
    public static string[] UrlSecrets(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return [url.OriginalString];
        }

        if (url.PathAndQuery is "/")
        {
            return [];
        }

        var parts = url.AbsolutePath.Split('/')
            .Concat(url.Query.TrimStart('?').Split('&').Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..]))
            .Where(p => p.Length >= MinSecretPartLength);
        return [.. new[] { url.OriginalString, url.AbsoluteUri, url.PathAndQuery, url.AbsolutePath, url.Query.TrimStart('?') }
            .Concat(parts)
            .Concat(parts.Select(Uri.UnescapeDataString))
            .Where(s => s.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)];
    }

    /// <summary>
    /// The forms in which a provider could echo a secret header value: the whole value and each part of it long enough
    /// to be a token (the token of <c>Bearer token</c>).
    /// </summary>
    public static IEnumerable<string> HeaderSecrets(string value) =>
        value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= MinSecretPartLength).Prepend(value);

    /// <summary>The media type <c>application/json; charset=utf-8</c>.</summary>
    public static MediaTypeHeaderValue JsonContentType() => new("application/json") { CharSet = "utf-8" };

    /// <summary>The reason for a 2xx whose body could not be read: <c>HTTP 200 but the response body could not be read (connection reset)</c>.</summary>
    public static string UnreadableBodyReason(int statusCode, string failure) =>
        $"HTTP {statusCode} but the response body could not be read ({failure})";

    /// <summary>Whether <paramref name="exception"/>, thrown while reading a body, means the connection failed mid-body.</summary>
    public static bool IsBodyReadFailure(Exception exception) => exception is IOException or HttpRequestException;

    /// <summary>
    /// Why a body could not be read, by kind only (<c>connection reset</c>, <c>the connection closed mid-body</c>,
    /// <c>ConnectionAborted</c>): exception messages may name hosts.
    /// </summary>
    public static string DescribeBodyReadFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket)
            {
                return socket.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset ? "connection reset" : socket.SocketErrorCode.ToString();
            }
        }

        return exception switch
        {
            HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded } => "the connection closed mid-body",
            HttpIOException { HttpRequestError: not HttpRequestError.Unknown } io => io.HttpRequestError.ToString(),
            HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => http.HttpRequestError.ToString(),
            _ => exception.GetType().Name,
        };
    }

    /// <summary>The first <see cref="MaxErrorBodyBytes"/> bytes of a body as UTF-8 text; the rest is never buffered.</summary>
    public static async Task<string> ReadExcerptAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
