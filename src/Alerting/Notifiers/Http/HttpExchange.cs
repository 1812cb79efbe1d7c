namespace Alerting.Notifiers.Http;

/// <summary>
/// What came back from one request sent through a channel's HTTP pipeline (<see cref="HttpNotifierDelivery.ExchangeAsync"/>):
/// a status, or why there was none. Turn it into a result with <see cref="HttpNotifierDelivery.ToResult"/>.
/// </summary>
public sealed class HttpExchange
{
    /// <summary>What came back.</summary>
    /// <param name="statusCode">The response's status, or <see langword="null"/> when no response came.</param>
    /// <param name="body">The start of the response's body (capped), or empty.</param>
    /// <param name="retryAfter">The wait the response's <c>Retry-After</c> asked for, if it did.</param>
    /// <param name="failure">Why no response came, free of secrets.</param>
    public HttpExchange(int? statusCode, string body, TimeSpan? retryAfter, string? failure)
    {
        ArgumentNullException.ThrowIfNull(body);
        StatusCode = statusCode;
        Body = body;
        RetryAfter = retryAfter;
        Failure = failure;
    }

    /// <summary>Gets the response's status (after <see cref="IHttpNotifierOptions.StatusInBody"/>), or <see langword="null"/> when no response came.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets the start of the response's body (capped at 4 KiB), for failures; empty on success unless asked for.</summary>
    public string Body { get; }

    /// <summary>Gets the wait the response's <c>Retry-After</c> asked for, if it did.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets why no response came (network error, timeout, open circuit), free of secrets.</summary>
    public string? Failure { get; }

    /// <summary>Gets whether the status is 2xx.</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets why the response's body could not be read (<c>connection reset</c>) when it was to be read and could not; <see cref="Body"/> is then empty.</summary>
    public string? BodyFailure { get; init; }

    /// <summary>Gets whether the channel refused to send the request (its circuit is open): nothing reached the provider.</summary>
    public bool Refused { get; init; }
}
