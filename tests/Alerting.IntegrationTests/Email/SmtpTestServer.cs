using System.Diagnostics;
using System.Text.Json;
using MimeKit;

namespace Alerting.IntegrationTests.Email;

/// <summary>What the test SMTP server (aiosmtpd, see smtp_server.py) should offer.</summary>
internal sealed record SmtpTestServerOptions
{
    public TestCertificate? Certificate { get; init; }

    public bool ImplicitTls { get; init; }

    public string? UserName { get; init; }

    public string? Password { get; init; }

    public IReadOnlyList<string> ExcludedMechanisms { get; init; } = [];

    public bool AllowPlainTextAuth { get; init; }
}

/// <summary>One message the server accepted: the envelope and the parsed message.</summary>
internal sealed record ReceivedMail(string MailFrom, IReadOnlyList<string> Recipients, string? User, bool Tls, MimeMessage Message, string Raw);

/// <summary>
/// A real SMTP server on 127.0.0.1: Debian's python3-aiosmtpd running smtp_server.py, started on a free port. Fails
/// loudly, with the server's error output, when it cannot start within a bounded time.
/// </summary>
internal sealed class SmtpTestServer : IDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(20);
    private readonly Process _process;

    private SmtpTestServer(Process process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string Directory { get; }

    /// <summary>Gets the number of connections the server has accepted.</summary>
    public int Connections => Events().Count(e => e == "connect");

    /// <summary>Gets the successful logins, as "MECHANISM user".</summary>
    public IReadOnlyList<string> Logins => [.. Events().Where(e => e.StartsWith("auth ", StringComparison.Ordinal)).Select(e => e[5..])];

    /// <summary>The interpreter with aiosmtpd: Debian's, whatever python3 comes first on PATH; ALERTING_TEST_PYTHON overrides it.</summary>
    private static string Python => Environment.GetEnvironmentVariable("ALERTING_TEST_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static async Task<SmtpTestServer> StartAsync(SmtpTestServerOptions? options = null)
    {
        options ??= new SmtpTestServerOptions();
        var directory = Path.Combine(Path.GetTempPath(), "alerting-smtp-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Email", "smtp_server.py"));
        start.ArgumentList.Add("--dir");
        start.ArgumentList.Add(directory);
        if (options.Certificate is { } certificate)
        {
            start.ArgumentList.Add("--cert");
            start.ArgumentList.Add(certificate.CertificatePath);
            start.ArgumentList.Add("--key");
            start.ArgumentList.Add(certificate.KeyPath);
        }

        AddFlag(start, "--implicit-tls", options.ImplicitTls);
        AddFlag(start, "--allow-plain-auth", options.AllowPlainTextAuth);
        if (options.UserName is not null)
        {
            start.ArgumentList.Add("--user");
            start.ArgumentList.Add(options.UserName);
            start.ArgumentList.Add("--password");
            start.ArgumentList.Add(options.Password ?? string.Empty);
        }

        foreach (var mechanism in options.ExcludedMechanisms)
        {
            start.ArgumentList.Add("--exclude-mechanism");
            start.ArgumentList.Add(mechanism);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null.");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException($"Could not start the test SMTP server with {Python} (needs python3-aiosmtpd; .ci/run installs it): {ex.Message}", ex);
        }

        var errors = process.StandardError.ReadToEndAsync();
        string? line;
        using (var timeout = new CancellationTokenSource(s_startTimeout))
        {
            try
            {
                line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                line = null;
            }
        }

        if (line is null || !line.StartsWith("LISTENING ", StringComparison.Ordinal) || !int.TryParse(line.AsSpan(10), out var port))
        {
            process.Kill(entireProcessTree: true);
            var stderr = await errors.WaitAsync(TimeSpan.FromSeconds(5));
            throw new InvalidOperationException(
                $"The test SMTP server ({Python} smtp_server.py, python3-aiosmtpd) did not report a port within {s_startTimeout.TotalSeconds} s. Output: '{line}'. Errors: {stderr}");
        }

        return new SmtpTestServer(process, directory, port);
    }

    /// <summary>The messages accepted so far, in order.</summary>
    public IReadOnlyList<ReceivedMail> Received()
    {
        var mails = new List<ReceivedMail>();
        foreach (var file in System.IO.Directory.GetFiles(Directory, "*.eml").Order(StringComparer.Ordinal))
        {
            using var envelope = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(file, ".json")));
            var root = envelope.RootElement;
            mails.Add(new ReceivedMail(
                root.GetProperty("mail_from").GetString()!,
                [.. root.GetProperty("rcpt_tos").EnumerateArray().Select(r => r.GetString()!)],
                root.GetProperty("user").GetString(),
                root.GetProperty("tls").GetBoolean(),
                MimeMessage.Load(file),
                File.ReadAllText(file)));
        }

        return mails;
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        finally
        {
            _process.Dispose();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void AddFlag(ProcessStartInfo start, string flag, bool set)
    {
        if (set)
        {
            start.ArgumentList.Add(flag);
        }
    }

    private string[] Events()
    {
        var log = Path.Combine(Directory, "events.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }
}
