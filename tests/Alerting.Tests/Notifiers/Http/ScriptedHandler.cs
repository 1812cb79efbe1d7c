using System.Collections.Concurrent;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>Answers each request with the next scripted step; a step may hang until cancelled or throw.</summary>
internal sealed class ScriptedHandler(params Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>[] steps) : HttpMessageHandler
{
    private readonly ConcurrentQueue<HttpRequestMessage> _requests = new();
    private int _next;

    public IReadOnlyList<HttpRequestMessage> Requests => [.. _requests];

    public static Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> Status(int status) =>
        (_, _) => Task.FromResult(new HttpResponseMessage((System.Net.HttpStatusCode)status));

    public static async Task<HttpResponseMessage> Hang(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        var step = Interlocked.Increment(ref _next) - 1;
        return steps[Math.Min(step, steps.Length - 1)](request, cancellationToken);
    }
}
