using Alerting.Notifiers.Http;
using System.Net;
using System.Net.Http.Headers;
using Alerting.Notifiers;
using Alerting.Notifiers.Http.Internal;
using Alerting.Notifiers.Internal;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Notifiers.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers;

/// <summary>
/// What every HTTP notifier must do, whatever its provider: classify each answer (delivered, transient and retried,
/// permanent and not retried), keep its secrets out of reasons, logs and exceptions, stop promptly when cancelled, and
/// cut text over its declared limits visibly. Each notifier inherits this with one small fixture that supplies only
/// data: its secret-bearing channel, its secrets, how its provider answers and its own table of documented answers.
/// </summary>
/// <remarks>
/// Every delivery runs through the channel's real HTTP pipeline, retried as the dispatcher retries with two attempts
/// allowed, so a transient answer is seen twice and a final one once: a request more or fewer than that fails the test. A cancelled send
/// ends by throwing <see cref="OperationCanceledException"/> (not by returning a result), as every HTTP notifier does
/// today. E-mail is not covered: its notifier builds its SMTP transport itself, with no seam to answer for it. Modelled on
/// Alertmanager's <c>notify/test</c> (<c>RetryTests</c>, <c>AssertNotifyLeaksNoSecret</c>) and Apprise's
/// table-driven <c>AppriseURLTester</c>.
/// </remarks>
/// <typeparam name="TNotifier">The notifier under test.</typeparam>
public abstract class NotifierConformanceTests<TNotifier>
    where TNotifier : INotifier
{
    /// <summary>How many tries a transient answer gets here: the first and one retry.</summary>
    private const int TransientTries = 2;

    private static readonly string s_marker = NotifierCapabilities.TruncationMarker;

    /// <summary>A fresh channel: secret-bearing options (with <c>Http = HttpRig.Quick()</c>), the URL it posts to, and the notifier over a client.</summary>
    private protected abstract ConformanceChannel<TNotifier> CreateChannel();

    /// <summary>Gets every secret of the channel: none may appear in a reason, a log line or an exception.</summary>
    private protected abstract IReadOnlyList<string> Secrets { get; }

    /// <summary>The provider's own success answer.</summary>
    private protected abstract HttpResponseMessage Accepted();

    /// <summary>The provider's error answer with <paramref name="status"/>, in its own body shape, carrying <paramref name="detail"/> as its error text.</summary>
    private protected abstract HttpResponseMessage Failure(int status, string detail);

    /// <summary>Gets the provider's documented answers and their outcomes, beyond the common status codes (bodies that carry errors, its 2xx...).</summary>
    private protected abstract IEnumerable<ProviderAnswer> ProviderAnswers { get; }

    /// <summary>Gets where the sent request carries the title, after the notifier's own decoration.</summary>
    private protected abstract Func<SentRequest, string> SentTitle { get; }

    /// <summary>Gets where the sent request carries the message, or <see langword="null"/> when the provider is not sent it.</summary>
    private protected abstract Func<SentRequest, string>? SentMessage { get; }

    [Test]
    public async Task SendAsync_ProviderAccepts_DeliveredAfterOneTry()
    {
        var (result, _) = await SendAsync(Accepted, 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(403)]
    [TestCase(404)]
    public async Task SendAsync_ClientErrorStatus_PermanentAfterOneTry(int status)
    {
        var (result, _) = await SendAsync(() => Failure(status, "rejected"), 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(1), "a final answer is never retried");
            Assert.That(result.Reason, Does.Contain($"HTTP {status}"));
        }
    }

    [TestCase(408)]
    [TestCase(429)]
    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    [TestCase(504)]
    public async Task SendAsync_TimeoutThrottlingOrServerErrorStatus_RetriedThenTransient(int status)
    {
        var (result, _) = await SendAsync(() => Failure(status, "try later"), TransientTries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(TransientTries), "retried per the channel's retry policy until attempts ran out");
            Assert.That(result.Reason, Does.Contain($"HTTP {status}"));
        }
    }

    [Test]
    public async Task SendAsync_429WithRetryAfterOnEveryTry_TransientCarryingTheProvidersRetryAfter()
    {
        var (result, _) = await SendAsync(
            () =>
            {
                var answer = Failure(429, "slow down");
                answer.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                return answer;
            },
            TransientTries);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(TransientTries));
            Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)), "the dispatcher's own retry waits as long as the provider asked");
        }
    }

    [Test]
    public async Task SendAsync_ProviderDocumentedAnswers_ClassifiedAsTheProviderDocuments()
    {
        var answers = ProviderAnswers.ToList();
        Assert.That(answers, Is.Not.Empty, "a provider documents at least its success answer");

        using (Assert.EnterMultipleScope())
        {
            foreach (var answer in answers)
            {
                var tries = answer.Expected == DeliveryStatus.TransientFailure ? TransientTries : 1;
                try
                {
                    var (result, _) = await SendAsync(answer.Answer, tries);
                    Assert.That(result.Status, Is.EqualTo(answer.Expected), $"{answer.Name}: {result.Reason}");
                    Assert.That(result.Attempts, Is.EqualTo(tries), $"{answer.Name}: tries");
                    if (answer.ReasonContains is { } reason)
                    {
                        Assert.That(result.Reason, Does.Contain(reason), answer.Name);
                    }
                }
                catch (Exception ex) when (ex is not AssertionException)
                {
                    Assert.That(ex, Is.Null, $"{answer.Name}: not {tries} request(s) as its outcome implies, or the notifier threw");
                }
            }
        }
    }

    [TestCase(400)]
    [TestCase(401)]
    [TestCase(429)]
    [TestCase(500)]
    public async Task SendAsync_ProviderEchoesTheSecrets_ReasonAndLogsHoldNone(int status)
    {
        var channel = CreateChannel();
        var echo = $"rejected {channel.Url} with {string.Join(", ", Secrets)}";
        var tries = channel.Options.IsTransientStatus(status) ? TransientTries : 1;

        var (result, probe) = await SendAsync(() => Failure(status, echo), tries, channel);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.False);
            Assert.That(result.Reason, Does.Contain(SecretRedaction.Mask), "the echo reaches the reason, redacted");
            AssertNoSecret(result.Reason, "the reason");
            AssertNoSecret(result.ToString(), "the result");
            AssertNoSecret(probe.Logged, "the logs");
        }
    }

    [Test]
    public async Task SendAsync_NetworkErrorNamingTheUrlAndSecrets_TransientAndNoSecretInReasonOrLogs()
    {
        var channel = CreateChannel();
        var message = $"Connection refused ({channel.Url}) {string.Join(" ", Secrets)}";
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Throw(new InvalidOperationException("The notifier sent a request the test did not expect."));
        mock.Expect(HttpMethod.Post, channel.Url).Throw(new HttpRequestException(message, new IOException(message)));
        mock.Expect(HttpMethod.Post, channel.Url).Throw(new HttpRequestException(HttpRequestError.ConnectionError, message));
        using var sut = new ConformanceSut<TNotifier>(channel, mock);

        var result = await ChannelProbe.RetryAsync(
            n => sut.Notifier.SendAsync(n, CancellationToken.None).AsTask().WaitAsync(TimerClock.Guard),
            Notification(),
            new DeliveryRetryOptions { MaxAttempts = TransientTries },
            sut.Clock,
            []);

        mock.VerifyNoOutstandingExpectation();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure), result.Reason);
            Assert.That(result.Attempts, Is.EqualTo(TransientTries), "retried as the dispatcher does until attempts ran out");
            Assert.That(result.Reason, Does.Contain("network error"));
            AssertNoSecret(result.Reason, "the reason");
            AssertNoSecret(sut.Logged, "the logs");
        }
    }

    [Test]
    public void Options_ToString_HoldsNoSecret() =>
        AssertNoSecret(CreateChannel().Options.ToString(), "the options' text");

    [Test]
    public async Task SendAsync_CancelledWhileTheProviderHangs_ThrowsOperationCanceledPromptlyWithoutRetryOrSecret()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang);
        using var sut = new ConformanceSut<TNotifier>(CreateChannel(), handler);
        using var cancel = new CancellationTokenSource();

        var sending = sut.Notifier.SendAsync(Notification(), cancel.Token).AsTask();
        await WaitForRequestAsync(handler, sending);
        await cancel.CancelAsync();

        var thrown = Assert.CatchAsync<OperationCanceledException>(() => sending.WaitAsync(TimerClock.Guard));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(handler.Requests, Has.Count.EqualTo(1), "a cancelled send is not retried");
            AssertNoSecret(thrown?.ToString(), "the exception");
            AssertNoSecret(sut.Logged, "the logs");
        }
    }

    [Test]
    public void SendAsync_TokenAlreadyCancelled_ThrowsOperationCanceledWithoutCallingTheProvider()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Status(500));
        using var sut = new ConformanceSut<TNotifier>(CreateChannel(), handler);

        Assert.That(async () => await sut.Notifier.SendAsync(Notification(), new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(handler.Requests, Is.Empty);
    }

    [Test]
    public async Task SendAsync_TitleOverTheDeclaredLimit_CutToTheLimitEndingInTheMarker()
    {
        var limit = Capabilities().MaxTitleLength;
        var title = new string('t', (limit ?? 2000) + 500);

        var sent = await SentTextAsync(Notification(title: title), SentTitle);

        AssertCut(sent, title, limit);
    }

    [Test]
    public async Task SendAsync_MessageOverTheDeclaredLimit_CutToTheLimitEndingInTheMarkerOrNotSentAtAll()
    {
        var limit = Capabilities().MaxMessageLength;
        var message = new string('m', (limit ?? 2000) + 500);

        if (SentMessage is { } sentMessage)
        {
            AssertCut(await SentTextAsync(Notification(message: message), sentMessage), message, limit);
        }
        else
        {
            Assert.That(await SentTextAsync(Notification(message: message), r => r.Body), Does.Not.Contain("mmmmmmmmmm"), "a provider that is not sent the message gets none of it");
        }
    }

    private static Notification Notification(string title = "[ERROR] Job nightly-import failed", string message = "Disk full") =>
        ChannelProbe.Notification("conformance", title: title, message: message);

    /// <summary>A cut text is exactly the limit long, ends in the marker and starts from the original; with no declared limit nothing is cut.</summary>
    private static void AssertCut(string sent, string original, int? limit)
    {
        using (Assert.EnterMultipleScope())
        {
            if (limit is { } max)
            {
                Assert.That(sent, Has.Length.EqualTo(max), "cut to the declared limit");
                Assert.That(sent, Does.EndWith(s_marker), "the cut is visible");
                Assert.That(sent, Does.Contain(original[..20]));
            }
            else
            {
                Assert.That(sent, Does.Contain(original), "no limit declared: nothing is cut");
                Assert.That(sent, Does.Not.EndWith(s_marker));
            }
        }
    }

    private static async Task WaitForRequestAsync(ScriptedHandler handler, Task sending)
    {
        var deadline = DateTimeOffset.UtcNow + TimerClock.Guard;
        while (handler.Requests.Count == 0)
        {
            if (sending.IsCompleted || DateTimeOffset.UtcNow > deadline)
            {
                Assert.Fail($"The provider was never called (the send {(sending.IsCompleted ? "ended" : "is still running")}).");
            }

            await Task.Delay(5);
        }
    }

    private NotifierCapabilities Capabilities()
    {
        using var client = new HttpClient();
        return CreateChannel().Create(client, TimeProvider.System, NullLoggerFactory.Instance).Capabilities;
    }

    private async Task<string> SentTextAsync(Notification notification, Func<SentRequest, string> select)
    {
        var channel = CreateChannel();
        var probe = channel.Probe();
        var result = await probe.SendAsync(notification, Accepted);
        Assert.That(result.IsDelivered, Is.True, result.Reason);
        return select(probe.Requests.Single());
    }

    /// <summary>Sends one notification; the provider gives <paramref name="answer"/> to each of exactly <paramref name="tries"/> requests.</summary>
    private async Task<(DeliveryResult Result, ChannelProbe Probe)> SendAsync(Func<HttpResponseMessage> answer, int tries, ConformanceChannel<TNotifier>? channel = null)
    {
        var probe = (channel ?? CreateChannel()).Probe();
        var result = await probe.SendAsync(Notification(), [.. Enumerable.Repeat(answer, tries)]);
        return (result, probe);
    }

    private void AssertNoSecret(string? text, string where)
    {
        foreach (var secret in Secrets)
        {
            Assert.That(text ?? string.Empty, Does.Not.Contain(secret), $"{where} holds a secret");
        }
    }
}

/// <summary>A channel's notifier over <paramref name="handler"/> through its real pipeline, on a fake clock, logs captured.</summary>
internal sealed class ConformanceSut<TNotifier> : IDisposable
    where TNotifier : INotifier
{
    private readonly HttpRig _rig;
    private readonly FakeLogCollector _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public ConformanceSut(ConformanceChannel<TNotifier> channel, HttpMessageHandler handler)
    {
        _rig = new HttpRig(channel.Options, handler, "conformance");
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        Notifier = channel.Create(_rig.Client, _rig.Clock, _loggerFactory);
    }

    public TNotifier Notifier { get; }

    /// <summary>Gets the clock of the channel's pipeline.</summary>
    public TimerClock Clock => _rig.Clock;

    /// <summary>Everything logged, by the notifier and by the pipeline, exceptions included.</summary>
    public string Logged => string.Join("\n", _logs.GetSnapshot().Concat(_rig.Logger.Collector.GetSnapshot()).Select(r => r.Message + " " + r.Exception));

    public void Dispose()
    {
        _rig.Dispose();
        _loggerFactory.Dispose();
    }
}

/// <summary>A channel under conformance test: its options, the URL it posts to and how to create its notifier.</summary>
internal sealed record ConformanceChannel<TNotifier>(IHttpNotifierOptions Options, string Url, Func<HttpClient, TimeProvider, ILoggerFactory, TNotifier> Create)
    where TNotifier : INotifier
{
    /// <summary>A probe over the channel with one retry allowed: a transient answer is tried twice.</summary>
    public ChannelProbe Probe()
    {
        var probe = new ChannelProbe(Options, Url, (client, clock, logs) => Create(client, clock, logs));
        probe.Retry.MaxAttempts = 2;
        return probe;
    }
}

/// <summary>One documented answer of a provider and the outcome it must have.</summary>
internal sealed record ProviderAnswer(string Name, Func<HttpResponseMessage> Answer, DeliveryStatus Expected, string? ReasonContains = null)
{
    public static Func<HttpResponseMessage> Status(HttpStatusCode status, string body = "", string contentType = "text/plain") =>
        () => ChannelProbe.Answer(status, body, contentType);
}
