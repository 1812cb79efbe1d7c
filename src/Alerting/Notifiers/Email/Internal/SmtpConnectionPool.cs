using System.Collections.Concurrent;
using MailKit.Security;
using Microsoft.Extensions.Logging;

namespace Alerting.Notifiers.Email.Internal;

/// <summary>
/// Connected, authenticated SMTP clients for one channel. A sender rents one, uses it alone (MailKit's client is not
/// thread-safe) and returns it; a new connection opens only when none is idle, so the pool never holds more connections
/// than the channel delivers at once (its <c>MaxConcurrency</c>). Idle connections are probed before reuse and closed
/// after <see cref="EmailOptions.ConnectionIdleTimeout"/>; broken ones are dropped and replaced on the next rent.
/// </summary>
internal sealed class SmtpConnectionPool : IAsyncDisposable
{
    private readonly ConcurrentStack<RecipientTolerantSmtpClient> _idle = new();
    private readonly EmailOptions _options;
    private readonly ServerCertificateTrust? _trust;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _sweeper;
    private readonly SecureSocketOptions _socketOptions;
    private readonly string _host;
    private readonly int _port;
    private int _opened;
    private volatile bool _disposed;

    public SmtpConnectionPool(EmailOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        _trust = ServerCertificateTrust.For(options);
        _time = time;
        _logger = logger;
        _host = options.Host ?? throw new ArgumentException("An SMTP channel needs a Host.", nameof(options));
        _port = options.Port == 0 ? EmailConstants.DefaultPort(options.Security) : options.Port;
        _socketOptions = options.Security switch
        {
            EmailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            EmailSecurity.None => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        _sweeper = time.CreateTimer(_ => CloseExpired(), null, options.ConnectionIdleTimeout, options.ConnectionIdleTimeout);
    }

    /// <summary>Gets how many connections the pool has opened so far.</summary>
    public int ConnectionsOpened => Volatile.Read(ref _opened);

    /// <summary>A connected client for the caller's sole use: an idle one that still answers, or a new one.</summary>
    public async ValueTask<RecipientTolerantSmtpClient> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (_idle.TryPop(out var client))
        {
            var idleFor = _time.GetElapsedTime(client.LastUsed);
            bool usable;
            try
            {
                usable = client.IsConnected && idleFor < _options.ConnectionIdleTimeout &&
                         (idleFor < EmailConstants.ProbeAfterIdle || await AnswersAsync(client, cancellationToken).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                Discard(client, "cancelled while probing");
                throw;
            }

            if (usable)
            {
                return client;
            }

            Discard(client, "idle or disconnected");
        }

        return await OpenAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes back a client whose last command completed; one that lost its connection is dropped.</summary>
    public void Return(RecipientTolerantSmtpClient client)
    {
        if (_disposed || !client.IsConnected)
        {
            Discard(client, _disposed ? "pool closed" : "disconnected");
            return;
        }

        client.LastUsed = _time.GetTimestamp();
        _idle.Push(client);
    }

    /// <summary>Drops a client whose state is unknown (an I/O error, a cancelled command) without talking to the server.</summary>
    public void Discard(RecipientTolerantSmtpClient client, string why)
    {
        EmailLog.ConnectionDropped(_logger, _host, _port, why);
        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _sweeper.DisposeAsync().ConfigureAwait(false);
        while (_idle.TryPop(out var client))
        {
            await QuitAsync(client).ConfigureAwait(false);
        }
    }

    private async ValueTask<RecipientTolerantSmtpClient> OpenAsync(CancellationToken cancellationToken)
    {
        var client = new RecipientTolerantSmtpClient
        {
            Timeout = (int)Math.Min(int.MaxValue, _options.CommandTimeout.TotalMilliseconds),
            CheckCertificateRevocation = _options.CheckCertificateRevocation,
        };
        if (_trust is not null)
        {
            client.ServerCertificateValidationCallback = _trust.Validate;
        }

        try
        {
            await client.ConnectAsync(_host, _port, _socketOptions, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            client.Dispose();
            throw;
        }

        Interlocked.Increment(ref _opened);
        EmailLog.ConnectionOpened(_logger, _host, _port, _options.Security);
        return client;
    }

    private static async ValueTask<bool> AnswersAsync(RecipientTolerantSmtpClient client, CancellationToken cancellationToken)
    {
        try
        {
            await client.NoOpAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Closes connections idle for longer than the idle timeout; runs on the sweeper timer.</summary>
    private void CloseExpired()
    {
        var keep = new List<RecipientTolerantSmtpClient>();
        while (_idle.TryPop(out var client))
        {
            if (_time.GetElapsedTime(client.LastUsed) >= _options.ConnectionIdleTimeout)
            {
                _ = QuitAsync(client);
            }
            else
            {
                keep.Add(client);
            }
        }

        // Oldest first, so the most recently used stays on top.
        for (var i = keep.Count - 1; i >= 0; i--)
        {
            _idle.Push(keep[i]);
        }
    }

    /// <summary>Says goodbye (QUIT) within a short bound, then releases the client; never throws.</summary>
    private async Task QuitAsync(RecipientTolerantSmtpClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(EmailConstants.QuitTimeout, _time);
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing is best effort: the server may already have gone.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            EmailLog.ConnectionDropped(_logger, _host, _port, "closed");
            client.Dispose();
        }
    }
}
