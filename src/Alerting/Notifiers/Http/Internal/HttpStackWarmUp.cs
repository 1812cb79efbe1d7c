using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// Loads and initialises .NET's HTTP stack while the host starts, so the first notification does not pay for it (about
/// 60 ms of type loading and initialisation on a first request in a fresh process): one POST through a
/// <see cref="SocketsHttpHandler"/> of its own to a listener of its own on 127.0.0.1 (an ephemeral port, open for the
/// request only), which answers <c>204</c>. Nothing leaves the machine, the request's metrics go to a meter of their own
/// that nobody listens to; an HttpClient trace listener may see one request to 127.0.0.1.
/// </summary>
internal static class HttpStackWarmUp
{
    private static readonly byte[] s_answer = "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(1);
        var answering = AnswerOnceAsync(listener, cancellationToken);
        using var meters = new PrivateMeters();
        using var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, MeterFactory = meters };
        using var invoker = new HttpMessageInvoker(handler);
        using var content = new ByteArrayContent("{}"u8.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{port}/")) { Content = content };
        using var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await answering.ConfigureAwait(false);
    }

    /// <summary>Takes the one connection, reads the request and answers <c>204 No Content</c>.</summary>
    private static async Task AnswerOnceAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var socket = await listener.AcceptSocketAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[1024];
        var request = 0;
        while (request < 4 || !buffer.AsSpan(0, request).EndsWith("\r\n\r\n{}"u8))
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(request), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            request += read;
        }

        await socket.SendAsync(s_answer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Meters under a name of their own, so the warm-up request counts in no app's HTTP metrics.</summary>
    private sealed class PrivateMeters : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter("Alerting.WarmUp", options.Version);
            _meters.Add(meter);
            return meter;
        }

        public void Dispose() => _meters.ForEach(m => m.Dispose());
    }
}
