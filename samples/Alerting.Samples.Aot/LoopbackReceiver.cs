using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Alerting.Samples.Aot;

/// <summary>
/// A webhook receiver on 127.0.0.1 over a raw socket (HTTP/1.1, bodies with a Content-Length, keep-alive): it answers
/// 200 to every request and records the first, with the <see cref="Stopwatch"/> timestamp of its arrival.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private static readonly byte[] s_ok = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"u8.ToArray();

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<ReceivedRequest> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackReceiver()
    {
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when the first whole request has been read.</summary>
    public Task<ReceivedRequest> FirstRequest => _first.Task;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var buffer = new byte[64 * 1024];
                var filled = 0;
                while (true)
                {
                    int headEnd;
                    while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                    {
                        if (filled == buffer.Length || await ReadAsync(stream, buffer, filled) is not (> 0 and var read))
                        {
                            return;
                        }

                        filled += read;
                    }

                    var head = Encoding.ASCII.GetString(buffer, 0, headEnd).Split("\r\n");
                    var headers = head.Skip(1).Select(line => line.Split(':', 2)).Where(pair => pair.Length == 2)
                        .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim(), StringComparer.OrdinalIgnoreCase);
                    var length = headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var end = headEnd + 4 + length;
                    if (end > buffer.Length)
                    {
                        return;
                    }

                    while (filled < end)
                    {
                        if (await ReadAsync(stream, buffer, filled) is not (> 0 and var read))
                        {
                            return;
                        }

                        filled += read;
                    }

                    var arrived = Stopwatch.GetTimestamp();
                    await stream.WriteAsync(s_ok, _stop.Token);
                    _first.TrySetResult(new ReceivedRequest(arrived, head[0], headers, Encoding.UTF8.GetString(buffer, headEnd + 4, length)));
                    buffer.AsSpan(end, filled - end).CopyTo(buffer);
                    filled -= end;
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The client closed the connection, or the receiver stopped.
            }
        }
    }

    private ValueTask<int> ReadAsync(NetworkStream stream, byte[] buffer, int filled) => stream.ReadAsync(buffer.AsMemory(filled), _stop.Token);
}

/// <summary>A request the receiver read: when it arrived, its request line, headers and body.</summary>
internal sealed record ReceivedRequest(long ArrivedAt, string RequestLine, IReadOnlyDictionary<string, string> Headers, string Body);
