using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Alerting.Samples.CustomNotifier;

/// <summary>
/// A stand-in for a Gotify server on 127.0.0.1, so the sample runs offline: <c>POST /message</c> with the right
/// <c>X-Gotify-Key</c> answers 200 with the created message, a wrong key 401 with Gotify's error body. It throttles its
/// very first request (429, <c>Retry-After: 1</c>) to show the channel retrying.
/// </summary>
internal sealed class LocalGotify : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _token;
    private readonly Task _serving;
    private int _requests;

    public LocalGotify(string token)
    {
        _token = token;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            if (Interlocked.Increment(ref _requests) == 1)
            {
                response.StatusCode = 429;
                response.Headers["Retry-After"] = "1";
                Console.WriteLine("  [local Gotify] 429, retry after 1 s");
                continue;
            }

            if (context.Request.Headers["X-Gotify-Key"] != _token)
            {
                await WriteAsync(response, 401, new { error = "Unauthorized", errorCode = 401, errorDescription = "you need to provide a valid access token or user credentials to access this api" });
                continue;
            }

            using var message = await JsonDocument.ParseAsync(context.Request.InputStream);
            var root = message.RootElement;
            Console.WriteLine($"  [local Gotify] priority {root.GetProperty("priority").GetInt32(),2}: {root.GetProperty("title").GetString()}");
            await WriteAsync(response, 200, new { id = _requests, appid = 1, title = root.GetProperty("title").GetString(), message = root.GetProperty("message").GetString(), priority = root.GetProperty("priority").GetInt32(), date = DateTimeOffset.UtcNow });
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, int status, object body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body));
        await response.OutputStream.WriteAsync(bytes);
    }
}
