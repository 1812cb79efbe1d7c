namespace Alerting.Notifiers.Http.Internal;

/// <summary>What came back from one delivery through the pipeline, retries done: a status, or why there was none.</summary>
/// <param name="StatusCode">The last response's status, or <see langword="null"/> when no response came.</param>
/// <param name="Body">The start of the last response's body (capped), for failures; empty on success unless asked for.</param>
/// <param name="RetryAfter">The wait the last response asked for, if it did.</param>
/// <param name="Attempts">How many tries were made.</param>
/// <param name="Failure">Why no response came (network error, timeout, open circuit), free of secrets.</param>
internal readonly record struct HttpExchange(int? StatusCode, string Body, TimeSpan? RetryAfter, int Attempts, string? Failure)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets why the last response's body could not be read (<c>connection reset</c>) when it was to be read and could not; <see cref="Body"/> is then empty.</summary>
    public string? BodyFailure { get; init; }
}
