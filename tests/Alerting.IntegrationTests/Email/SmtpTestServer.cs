using System.Buffers;
using System.Net;
using System.Security.Authentication;
using System.Text;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Mail;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpHost = SmtpServer.SmtpServer;
using SmtpServiceProvider = SmtpServer.ComponentModel.ServiceProvider;

namespace Alerting.IntegrationTests.Email;

/// <summary>What the test SMTP server (SmtpServer from NuGet, hosted in-process) should offer.</summary>
internal sealed record SmtpTestServerOptions
{
    /// <summary>Gets the certificate for STARTTLS, or for implicit TLS with <see cref="ImplicitTls"/>; null for plain SMTP only.</summary>
    public TestCertificate? Certificate { get; init; }

    /// <summary>Gets a value indicating whether TLS starts on connect (port 465 style) rather than with STARTTLS.</summary>
    public bool ImplicitTls { get; init; }

    /// <summary>Gets the one user that may log in; null offers no AUTH.</summary>
    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>Gets the AUTH mechanisms (PLAIN, LOGIN) the server neither offers nor accepts.</summary>
    public IReadOnlyList<string> ExcludedMechanisms { get; init; } = [];

    /// <summary>Gets a value indicating whether AUTH is offered without TLS too.</summary>
    public bool AllowPlainTextAuth { get; init; }
}

/// <summary>One message the server accepted: the envelope and the parsed message.</summary>
internal sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> Recipients, string? User, bool Tls, MimeMessage Message, string Raw);

/// <summary>
/// A real SMTP server on 127.0.0.1, on a port the system picks: the SmtpServer package (cosullivan/SmtpServer) hosted in
/// this process. Plain SMTP, STARTTLS or implicit TLS with the test certificate, AUTH PLAIN and LOGIN against one user,
/// accepted messages kept in memory. Replies are scripted by the recipient's local part:
/// <list type="bullet">
/// <item><c>reject*</c>: 550 at RCPT TO.</item>
/// <item><c>greylist*</c>: 451 at RCPT TO the first time the address is seen, then accepted.</item>
/// <item><c>tempfail*</c>: 451 after DATA the first time the Message-Id is seen, then accepted.</item>
/// </list>
/// EHLO never offers SMTPUTF8 (clients must punycode domains; SmtpServer 11.1.0 would read a UTF-8 domain as ASCII
/// anyway), and SmtpServer appends ", N retry(ies) remaining." to the replies of rejected commands. Fails loudly, with
/// the reason, when it cannot start within a bounded time.
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    private const string ServerName = "alerting-test";
    private const string AuthMethodKey = "Alerting.IntegrationTests:AuthMethod";

    /// <summary>Consecutive rejected commands before SmtpServer drops a session; high, so scripted failures never do.</summary>
    private const int MaxRetryCount = 100;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_stopTimeout = TimeSpan.FromSeconds(10);

    private readonly object _lock = new();
    private readonly List<ReceivedMail> _received = [];
    private readonly List<string> _logins = [];
    private readonly HashSet<string> _greylisted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tempFailed = new(StringComparer.Ordinal);
    private readonly SmtpTestServerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private Task _serverTask = Task.CompletedTask;
    private int _connections;
    private int _disposed;

    private SmtpTestServer(SmtpTestServerOptions options) => _options = options;

    public int Port { get; private set; }

    /// <summary>Gets the number of connections the server has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Gets the successful logins, as "MECHANISM user".</summary>
    public IReadOnlyList<string> Logins
    {
        get
        {
            lock (_lock)
            {
                return [.. _logins];
            }
        }
    }

    public static async Task<SmtpTestServer> StartAsync(SmtpTestServerOptions? options = null)
    {
        var server = new SmtpTestServer(options ?? new SmtpTestServerOptions());
        try
        {
            await server.StartCoreAsync();
        }
        catch
        {
            await server._stop.CancelAsync();
            server._stop.Dispose();
            throw;
        }

        return server;
    }

    /// <summary>The messages accepted so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        lock (_lock)
        {
            return [.. _received];
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _stop.Cancel();
        try
        {
            // Sessions still open (pooled client connections) are cancelled with the token and end with a 221; the
            // listener stops, so the port refuses connections once this returns.
            if (!_serverTask.Wait(s_stopTimeout))
            {
                throw new InvalidOperationException($"The test SMTP server on port {Port} did not stop within {s_stopTimeout.TotalSeconds} s.");
            }
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private static string Address(IMailbox mailbox) =>
        mailbox.User.Length == 0 && mailbox.Host.Length == 0 ? string.Empty : mailbox.AsAddress();

    private static bool HasLocalPartPrefix(IMailbox mailbox, string prefix) =>
        mailbox.User.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private async Task StartCoreAsync()
    {
        var certificate = _options.Certificate?.Certificate;
        var endpoint = new EndpointDefinitionBuilder()
            .Endpoint(new IPEndPoint(IPAddress.Loopback, 0))
            .IsSecure(_options.ImplicitTls && certificate is not null)
            .AllowUnsecureAuthentication(_options.AllowPlainTextAuth)
            .SupportedSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
            .SessionTimeout(TimeSpan.FromHours(1));
        if (certificate is not null)
        {
            // A certificate on the endpoint makes SmtpServer offer STARTTLS (until TLS is on), or start TLS on connect.
            endpoint.Certificate(certificate);
        }

        var serverOptions = new SmtpServerOptionsBuilder()
            .ServerName(ServerName)
            .MaxRetryCount(MaxRetryCount)
            .Endpoint(endpoint.Build())
            .Build();

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new EndpointListenerFactory();
        listeners.EndpointStarted += (_, e) => listening.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var handler = new Handler(this);
        var services = new SmtpServiceProvider();
        services.Add(listeners);
        services.Add((IMailboxFilter)handler);
        services.Add((IMessageStore)handler);
        services.Add((IUserAuthenticator)handler);
        services.Add(new CommandFactory(_options));

        var server = new SmtpHost(serverOptions, services);
        server.SessionCreated += OnSessionCreated;
        _serverTask = Task.Run(() => server.StartAsync(_stop.Token));

        // Binding happens when StartAsync begins; a failure (no loopback, no free port) faults the server task.
        Task first;
        try
        {
            first = await Task.WhenAny(listening.Task, _serverTask).WaitAsync(s_startTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new InvalidOperationException($"The test SMTP server (SmtpServer on 127.0.0.1) did not listen within {s_startTimeout.TotalSeconds} s.", ex);
        }

        if (first != listening.Task)
        {
            var error = _serverTask.Exception?.GetBaseException();
            throw new InvalidOperationException(
                $"The test SMTP server (SmtpServer on 127.0.0.1) stopped before it listened: {error?.GetType().Name}: {error?.Message}", error);
        }

        Port = await listening.Task;
    }

    private void OnSessionCreated(object? sender, SessionEventArgs e)
    {
        Interlocked.Increment(ref _connections);
        e.Context.CommandExecuting += (_, c) =>
        {
            if (c.Command is AuthCommand auth)
            {
                c.Context.Properties[AuthMethodKey] = auth.Method;
            }
        };
        e.Context.SessionAuthenticated += (_, _) =>
        {
            var method = e.Context.Properties.TryGetValue(AuthMethodKey, out var value) ? value.ToString()!.ToUpperInvariant() : "?";
            lock (_lock)
            {
                _logins.Add($"{method} {e.Context.Authentication.User}");
            }
        };
    }

    private bool IsExcluded(AuthenticationMethod method) =>
        _options.ExcludedMechanisms.Contains(method.ToString(), StringComparer.OrdinalIgnoreCase);

    /// <summary>Scripted replies at RCPT TO and after DATA, the one user, and the in-memory mailbox.</summary>
    private sealed class Handler(SmtpTestServer server) : IMailboxFilter, IMessageStore, IUserAuthenticator
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken)
        {
            var address = Address(to);
            if (HasLocalPartPrefix(to, "reject"))
            {
                throw new SmtpResponseException(new SmtpResponse(
                    SmtpReplyCode.MailboxUnavailable, $"5.1.1 <{address}>: Recipient address rejected: mailbox unavailable"));
            }

            if (HasLocalPartPrefix(to, "greylist"))
            {
                bool firstTime;
                lock (server._lock)
                {
                    firstTime = server._greylisted.Add(address);
                }

                if (firstTime)
                {
                    throw new SmtpResponseException(new SmtpResponse(
                        SmtpReplyCode.Aborted, $"4.7.1 <{address}>: Recipient address rejected: greylisted, try again later"));
                }
            }

            return Task.FromResult(true);
        }

        public Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            // SmtpServer hands over the data without the CRLF that ends its last line (it takes CRLF.CRLF as the end
            // marker); put it back, so Raw is what the client sent, dots unstuffed.
            var bytes = new byte[buffer.Length + 2];
            buffer.CopyTo(bytes);
            bytes[^2] = (byte)'\r';
            bytes[^1] = (byte)'\n';
            MimeMessage message;
            using (var stream = new MemoryStream(bytes, writable: false))
            {
                message = MimeMessage.Load(stream, cancellationToken);
            }

            lock (server._lock)
            {
                if (transaction.To.Any(r => HasLocalPartPrefix(r, "tempfail")) && server._tempFailed.Add(message.MessageId ?? string.Empty))
                {
                    return Task.FromResult(new SmtpResponse(SmtpReplyCode.Aborted, "4.3.0 Temporary failure, try again"));
                }

                var user = context.Authentication.IsAuthenticated ? context.Authentication.User : null;
                server._received.Add(new ReceivedMail(
                    Address(transaction.From),
                    [.. transaction.To.Select(Address)],
                    user,
                    context.Pipe.IsSecure,
                    message,
                    Encoding.UTF8.GetString(bytes)));
                return Task.FromResult(new SmtpResponse(SmtpReplyCode.Ok, $"2.0.0 Ok: queued as {server._received.Count:D5}"));
            }
        }

        public Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken cancellationToken)
        {
            var options = server._options;
            if (context.Properties.TryGetValue(AuthMethodKey, out var method) && server.IsExcluded((AuthenticationMethod)method))
            {
                throw new SmtpResponseException(new SmtpResponse(SmtpReplyCode.CommandParameterNotImplemented, "5.5.4 Unrecognized authentication type"));
            }

            return Task.FromResult(options.UserName is not null
                && string.Equals(user, options.UserName, StringComparison.Ordinal)
                && string.Equals(password, options.Password ?? string.Empty, StringComparison.Ordinal));
        }
    }

    /// <summary>Makes EHLO list what the test asks for: never SMTPUTF8, AUTH only with a user and without the excluded mechanisms.</summary>
    private sealed class CommandFactory(SmtpTestServerOptions options) : SmtpCommandFactory
    {
        public override SmtpCommand CreateEhlo(string domainOrAddress) => new Ehlo(domainOrAddress, options);
    }

    private sealed class Ehlo(string domainOrAddress, SmtpTestServerOptions options) : EhloCommand(domainOrAddress)
    {
        protected override IEnumerable<string> GetExtensions(ISessionContext context)
        {
            foreach (var extension in base.GetExtensions(context))
            {
                if (extension.StartsWith("AUTH", StringComparison.Ordinal) || extension == "SMTPUTF8")
                {
                    continue;
                }

                yield return extension;
            }

            // Like the base class: AUTH once TLS is on (STARTTLS or implicit), or without TLS when the test allows it.
            if (options.UserName is not null && (context.Pipe.IsSecure || context.EndpointDefinition.AllowUnsecureAuthentication))
            {
                var mechanisms = new[] { "PLAIN", "LOGIN" }.Where(m => !options.ExcludedMechanisms.Contains(m, StringComparer.OrdinalIgnoreCase)).ToArray();
                if (mechanisms.Length > 0)
                {
                    yield return "AUTH " + string.Join(' ', mechanisms);
                }
            }
        }
    }
}
