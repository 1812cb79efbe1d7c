using Alerting.Notifiers.Http.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Alerting.Notifiers.Http;

/// <summary>
/// For notifiers that deliver over HTTP (built-in or a plugin; the built-in channels use exactly these): sends one
/// request through the channel's pipeline — a per-request timeout and the channel's circuit breaker — and turns what
/// happened into a <see cref="DeliveryResult"/>: 2xx delivered; no answer or a transient status a transient failure
/// carrying the provider's <c>Retry-After</c>, which the channel's one retry policy (<see cref="ChannelOptions.Retry"/>)
/// retries; a redirect or any other status permanent; the body quoted in the reason (capped) with the request's
/// secrets removed. Never throws for a provider's failure.
/// </summary>
/// <remarks>
/// Pass the <see cref="HttpClient"/> the notifier's constructor was given: it is the channel's named client, whose
/// pipeline this call drives. The secrets removed from reasons are the URL's user info, query values and token-like path
/// segments, the values of the request's headers (a bearer token without its scheme too), and any given in <c>secrets</c>.
/// </remarks>
public static class HttpNotifierDelivery
{
    /// <summary>Sends <paramref name="request"/> and classifies the answer.</summary>
    /// <param name="http">The channel's client, as given to the notifier's constructor.</param>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    /// <returns>The delivery result.</returns>
    public static Task<DeliveryResult> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(http, request, [], cancellationToken);

    /// <summary>Sends <paramref name="request"/> and classifies the answer, removing <paramref name="secrets"/> from any reason too.</summary>
    /// <param name="http">The channel's client, as given to the notifier's constructor.</param>
    /// <param name="request">The request.</param>
    /// <param name="secrets">More values that must never appear in a reason (a token the provider might echo).</param>
    /// <param name="cancellationToken">Ends the request.</param>
    /// <returns>The delivery result.</returns>
    public static async Task<DeliveryResult> SendAsync(HttpClient http, HttpRequestMessage request, IEnumerable<string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(secrets);
        var exchange = await HttpDelivery.SendAsync(http, request, TimeProvider.System, false, cancellationToken).ConfigureAwait(false);
        var channel = request.Options.TryGetValue(HttpAttemptState.OptionsKey, out var state) && state.ChannelOptions is { } used
            ? used
            : PluginHttpChannelOptions.Default;
        return HttpDelivery.ToResult(exchange, channel, null, exchange.IsSuccess ? [] : [.. Secrets(request, secrets)]); // a success has no reason to redact
    }

    /// <summary>
    /// Sends <paramref name="request"/> through the channel's pipeline and says what came back, for a notifier that reads
    /// the provider's answer itself (an id in the body, an error code) before it decides: then
    /// <see cref="ToResult"/>. Never throws for a provider's failure.
    /// </summary>
    /// <param name="http">The channel's client, as given to the notifier's constructor.</param>
    /// <param name="request">The request.</param>
    /// <param name="readSuccessBody">Whether a 2xx body is read (capped) too; failures' bodies always are.</param>
    /// <param name="time">The clock a <c>Retry-After</c> date is measured against; the system clock when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Ends the request.</param>
    /// <returns>The status and body, or why none came.</returns>
    public static Task<HttpExchange> ExchangeAsync(HttpClient http, HttpRequestMessage request, bool readSuccessBody, TimeProvider? time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(request);
        return HttpDelivery.SendAsync(http, request, time ?? TimeProvider.System, readSuccessBody, cancellationToken);
    }

    /// <summary>
    /// The result for an exchange: 2xx delivered (unless its confirming body was lost, per
    /// <see cref="IHttpNotifierOptions.OnUnreadableSuccessBody"/>: then failed, not retried); no response or a transient
    /// status (<see cref="IHttpNotifierOptions.IsTransientStatus"/>) a transient failure carrying the <c>Retry-After</c>;
    /// a refused request (open circuit) a failure not retried; a redirect or any other status permanent. The reason is
    /// <c>HTTP {status}: {detail}</c>, capped, with <paramref name="secrets"/> removed.
    /// </summary>
    /// <param name="exchange">What came back.</param>
    /// <param name="options">The channel's options (its transient statuses).</param>
    /// <param name="detail">The provider's explanation taken from the body; the body excerpt when <see langword="null"/>.</param>
    /// <param name="secrets">Values to remove from the reason, should the provider echo them (<see cref="SecretsOfUrl"/>, <see cref="SecretsOfHeader"/>).</param>
    /// <returns>The delivery result.</returns>
    public static DeliveryResult ToResult(HttpExchange exchange, IHttpNotifierOptions options, string? detail, params string?[] secrets)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secrets);
        return HttpDelivery.ToResult(exchange, options, detail, secrets);
    }

    /// <summary>
    /// The forms in which a provider could echo a URL that is itself a secret (a Slack or Teams webhook), longest first:
    /// the whole URL, its path and query, and each path segment and query value long enough to be a token.
    /// </summary>
    /// <param name="url">The secret URL.</param>
    /// <returns>The values to remove from reasons.</returns>
    public static string[] SecretsOfUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return HttpDelivery.UrlSecrets(url);
    }

    /// <summary>The forms in which a provider could echo a secret header value: the whole value and each token-long part (the token of <c>Bearer token</c>).</summary>
    /// <param name="value">The header's value.</param>
    /// <returns>The values to remove from reasons.</returns>
    public static IEnumerable<string> SecretsOfHeader(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HttpDelivery.HeaderSecrets(value);
    }

    /// <summary>
    /// Creates a client with a channel's HTTP pipeline (a per-request timeout, the circuit breaker, answers classified,
    /// redirects not followed, its own redacted log line per request) over <paramref name="primaryHandler"/>, outside
    /// <c>IHttpClientFactory</c>: to run a notifier against a stand-in for its provider in a test, as
    /// <c>Alerting.Testing</c>'s notifier conformance suite does. Channels get their clients from Alerting itself.
    /// </summary>
    /// <param name="channelName">The channel's name, as the pipeline's log lines show it.</param>
    /// <param name="options">The notifier's options: their <see cref="IHttpNotifierOptions"/> settings apply when they implement it; the defaults otherwise.</param>
    /// <param name="primaryHandler">The handler that answers the requests; the client disposes it.</param>
    /// <param name="time">The clock of the per-request timeout; the system clock when <see langword="null"/>.</param>
    /// <param name="loggerFactory">Where the pipeline logs (category <c>Alerting.Http</c>); nowhere when <see langword="null"/>.</param>
    /// <returns>The client, with an infinite <see cref="HttpClient.Timeout"/> (the pipeline's timeout applies).</returns>
    public static HttpClient CreateClient(string channelName, object options, HttpMessageHandler primaryHandler, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(channelName);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(primaryHandler);
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(HttpChannelPipelines.LoggerCategory);
        return new HttpChannelPipeline(channelName, PluginHttpChannelOptions.For(options), time ?? TimeProvider.System, logger).CreateClient(primaryHandler);
    }

    /// <summary>Whether a status is worth retrying for a provider with the usual contract: 408, 429 and 5xx.</summary>
    /// <param name="statusCode">The HTTP status.</param>
    /// <returns><see langword="true"/> for 408, 429 and 5xx.</returns>
    public static bool IsTransientStatus(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary>How long a response asks the client to wait before trying again (<c>Retry-After</c> as seconds or a date), if it does.</summary>
    /// <param name="response">The provider's answer.</param>
    /// <param name="time">The clock a <c>Retry-After</c> date is measured against; the system clock when <see langword="null"/>.</param>
    /// <returns>The wait, never negative, or <see langword="null"/> when the response does not ask for one.</returns>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(response);
        return RetryAfterHeader.Wait(response.Headers.RetryAfter, (time ?? TimeProvider.System).GetUtcNow());
    }

    private static IEnumerable<string> Secrets(HttpRequestMessage request, IEnumerable<string> secrets) =>
        (request.RequestUri is { IsAbsoluteUri: true } url ? UrlSecrets(url) : [])
            .Concat(request.Headers.Where(h => h.Key != "User-Agent").SelectMany(h => h.Value).SelectMany(HttpDelivery.HeaderSecrets))
            .Concat(secrets)
            .Where(s => s.Length > 1)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length);

    /// <summary>
    /// The parts of a URL that may be credentials: its user info, its query values, and the path segments that look like
    /// tokens (16 characters or more, or 8 or more mixing letters and digits, as Slack's, Discord's and Telegram's do),
    /// but not plain words such as <c>/message</c>, which a provider's own error text often repeats.
    /// </summary>
    private static IEnumerable<string> UrlSecrets(Uri url) =>
        url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p[(p.IndexOf('=', StringComparison.Ordinal) + 1)..])
            .Concat(url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(LooksLikeToken))
            .SelectMany(p => new[] { p, Uri.UnescapeDataString(p) })
            .Append(url.UserInfo)
            .Where(p => p.Length >= 6);

    private static bool LooksLikeToken(string segment) =>
        segment.Length >= 16 || (segment.Length >= 8 && segment.Any(char.IsAsciiDigit) && segment.Any(char.IsAsciiLetter));
}
