using System.Collections.Concurrent;
using System.Net;

namespace Alerting.Testing.Internal;

/// <summary>
/// The conformance suite's stand-in for a provider: answers each request with the next scripted step (a step may throw,
/// or hang until cancelled) and records it. A request beyond the script, or to another method or URL, is recorded and
/// answered 500, so the case that counts requests fails on it.
/// </summary>
internal sealed class StandInProvider(HttpMethod method, Uri endpoint, params Func<CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private readonly ConcurrentQueue<SentRequest> _requests = new();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    /// <summary>Gets the requests received, in order.</summary>
    public IReadOnlyList<SentRequest> Requests => [.. _requests];

    /// <summary>Gets what was wrong with requests that were not the notifier's (another method or URL).</summary>
    public IReadOnlyList<string> Unexpected => [.. _unexpected];

    /// <summary>Gets a task that completes when the first request arrives.</summary>
    public Task Called => _called.Task;

    /// <summary>A step that answers <paramref name="answer"/>.</summary>
    public static Func<CancellationToken, Task<HttpResponseMessage>> Answer(Func<HttpResponseMessage> answer) => _ => Task.FromResult(answer());

    /// <summary>A step that waits until the request is cancelled.</summary>
    public static async Task<HttpResponseMessage> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        throw new InvalidOperationException("A hanging provider never answers.");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(await SentRequest.ReadAsync(request, cancellationToken).ConfigureAwait(false));
        _called.TrySetResult();
        if (request.Method != method || request.RequestUri != endpoint)
        {
            _unexpected.Enqueue($"{request.Method} {request.RequestUri} (expected {method} {endpoint})");
        }

        var step = Interlocked.Increment(ref _next) - 1;
        return step < steps.Length
            ? await steps[step](cancellationToken).ConfigureAwait(false)
            : new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("The stand-in provider expected no more requests.") };
    }
}
