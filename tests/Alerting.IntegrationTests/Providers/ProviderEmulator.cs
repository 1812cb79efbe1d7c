using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// A provider emulator on Kestrel (127.0.0.1, a free port). Each request first takes the next scripted answer, if any
/// (a status with an optional <c>Retry-After</c>, a slow answer, a dropped connection); otherwise the emulator
/// validates it as the provider would.
/// </summary>
internal abstract class ProviderEmulator : IAsyncDisposable
{
    private readonly ConcurrentQueue<Func<HttpContext, Task<bool>>> _script = new();
    private WebApplication? _app;
    private int _requests;

    /// <summary>Gets the base address, such as <c>http://127.0.0.1:54321</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets how many requests arrived, scripted ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    protected async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _requests);
            if (_script.TryDequeue(out var step) && await step(context))
            {
                return;
            }

            await next(context);
        });
        Map(_app);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
    }

    protected abstract void Map(WebApplication app);

    /// <summary>The next request gets this status (and <c>Retry-After</c>, when given) and nothing else.</summary>
    public ProviderEmulator ThenStatus(int status, string? retryAfter = null, string body = "")
    {
        _script.Enqueue(async context =>
        {
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(body);
            return true;
        });
        return this;
    }

    /// <summary>The next request is answered normally, but only after <paramref name="delay"/> (or when the client gives up).</summary>
    public ProviderEmulator ThenSlow(TimeSpan delay)
    {
        _script.Enqueue(async context =>
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }

            return false;
        });
        return this;
    }

    /// <summary>The next request's connection is dropped without an answer.</summary>
    public ProviderEmulator ThenDrop()
    {
        _script.Enqueue(context =>
        {
            context.Abort();
            return Task.FromResult(true);
        });
        return this;
    }

    protected static async Task RejectAsync(HttpContext context, int status, string message, params string[] errors)
    {
        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(new { status = "invalid event", message, errors });
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
