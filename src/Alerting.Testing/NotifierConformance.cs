using System.Globalization;
using System.Net.Http.Headers;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using Alerting.Testing.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Testing;

/// <summary>
/// The contract every HTTP notifier keeps, built in or a plugin's, as cases a test framework runs: each answer of the
/// provider classified (delivered; transient and retried; permanent and not retried; <c>Retry-After</c> carried), the
/// provider's documented answers as it documents them, no secret in a reason, a log line or an exception, prompt
/// cancellation, and text over the declared limits cut visibly. Every case creates the notifier afresh over the channel's
/// real HTTP pipeline (<see cref="HttpNotifierDelivery.CreateClient"/>), in front of a stand-in provider that answers as
/// the case says, and retries a retryable result once, as Alerting's retry policy would with two attempts allowed: so a
/// transient answer must reach the provider twice and a final one once.
/// </summary>
/// <remarks>
/// Enumerate <see cref="Cases"/> into the test framework (NUnit's <c>TestCaseSource</c>, xUnit's <c>MemberData</c>,
/// MSTest's <c>DynamicData</c>) and run each, or call <see cref="RunAllAsync"/> from one test. A send that cancellation
/// ends must end by throwing <see cref="OperationCanceledException"/>, as <see cref="HttpNotifierDelivery"/> does.
/// </remarks>
public sealed class NotifierConformance
{
    /// <summary>How many attempts a retryable result gets: the first and one retry.</summary>
    private const int TransientTries = 2;

    /// <summary>How long (real time) one send may take against a provider that answers at once.</summary>
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);

    private readonly NotifierConformanceSetup _setup;
    private readonly IHttpNotifierOptions? _http;

    /// <summary>Creates the suite for one notifier.</summary>
    /// <param name="setup">The notifier, its provider's answers and where its requests carry the text.</param>
    public NotifierConformance(NotifierConformanceSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = setup;
        _http = setup.NotifierOptions as IHttpNotifierOptions;
        Cases = [.. CreateCases()];
    }

    /// <summary>Gets the cases, each with a name that says what it checks.</summary>
    public IReadOnlyList<NotifierConformanceCase> Cases { get; }

    /// <summary>Runs every case, one after the other.</summary>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <returns>A task that completes when every case passed.</returns>
    /// <exception cref="AlertingAssertionException">Cases failed; the message lists each with its failed checks.</exception>
    public async Task RunAllAsync(CancellationToken cancellationToken = default)
    {
        var failures = new List<string>();
        foreach (var conformanceCase in Cases)
        {
            try
            {
                await conformanceCase.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AlertingAssertionException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (failures.Count > 0)
        {
            throw new AlertingAssertionException(string.Create(
                CultureInfo.InvariantCulture,
                $"{_setup.Name}: {failures.Count} of {Cases.Count} conformance cases failed:{string.Concat(failures.Select(f => $"{Environment.NewLine}- {f}"))}"));
        }
    }

    private IEnumerable<NotifierConformanceCase> CreateCases()
    {
        yield return Case("Accepted_DeliveredAfterOneRequest", async (checks, ct) =>
        {
            var sent = await SendAsync(_setup.Accepted, 1, ct).ConfigureAwait(false);
            sent.Expect(checks, DeliveryStatus.Delivered, 1);
        });

        foreach (var status in new[] { 400, 401, 403, 404 })
        {
            yield return Case(Invariant($"Status{status}_PermanentNotRetried"), async (checks, ct) =>
            {
                var sent = await SendAsync(() => _setup.Failure(status, "rejected"), 1, ct).ConfigureAwait(false);
                sent.Expect(checks, DeliveryStatus.PermanentFailure, 1, Invariant($"HTTP {status}"));
            });
        }

        foreach (var status in new[] { 408, 429, 500, 502, 503, 504 })
        {
            yield return Case(Invariant($"Status{status}_TransientRetried"), async (checks, ct) =>
            {
                var sent = await SendAsync(() => _setup.Failure(status, "try later"), TransientTries, ct).ConfigureAwait(false);
                sent.Expect(checks, DeliveryStatus.TransientFailure, TransientTries, Invariant($"HTTP {status}"));
            });
        }

        yield return Case("Status429WithRetryAfter_TransientCarryingTheWait", async (checks, ct) =>
        {
            var sent = await SendAsync(
                () =>
                {
                    var answer = _setup.Failure(429, "slow down");
                    answer.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
                    return answer;
                },
                TransientTries,
                ct).ConfigureAwait(false);
            sent.Expect(checks, DeliveryStatus.TransientFailure, TransientTries);
            checks.That(sent.Result?.RetryAfter == TimeSpan.FromSeconds(7), $"the result carries Retry-After {sent.Result?.RetryAfter?.ToString() ?? "none"}, not the 7 s the provider asked for");
        });

        foreach (var answer in _setup.DocumentedAnswers)
        {
            yield return Case($"DocumentedAnswer {answer.Name}_{answer.Expected}", async (checks, ct) =>
            {
                var tries = answer.Expected == DeliveryStatus.TransientFailure ? TransientTries : 1;
                var sent = await SendAsync(answer.Answer, tries, ct).ConfigureAwait(false);
                sent.Expect(checks, answer.Expected, tries, answer.ReasonContains);
            });
        }

        foreach (var status in new[] { 400, 401, 429, 500 })
        {
            yield return Case(Invariant($"Status{status}EchoingTheSecrets_NoneInReasonOrLogs"), async (checks, ct) =>
            {
                var echo = $"rejected {_setup.Endpoint.AbsoluteUri} with {string.Join(", ", _setup.Secrets)}";
                var tries = IsTransient(status) ? TransientTries : 1;
                var sent = await SendAsync(() => _setup.Failure(status, echo), tries, ct).ConfigureAwait(false);
                checks.That(sent.Result is { IsDelivered: false }, $"the result is {sent.Describe()}, not a failure");
                checks.That(sent.Result?.Reason?.Contains(SecretRedaction.Mask, StringComparison.Ordinal) ?? false, $"the reason does not quote the provider's answer redacted (with {SecretRedaction.Mask}): {sent.Result?.Reason}");
                checks.NoSecret(sent.Result?.Reason, "the reason");
                checks.NoSecret(sent.Result?.ToString(), "the result's text");
                checks.NoSecret(sent.Logged, "the logs");
                checks.NoSecret(sent.Thrown?.ToString(), "the exception");
            });
        }

        yield return Case("NetworkErrorNamingTheUrlAndSecrets_TransientRetriedNoneInReasonOrLogs", async (checks, ct) =>
        {
            var message = $"Connection refused ({_setup.Endpoint.AbsoluteUri}) {string.Join(" ", _setup.Secrets)}";
            var sent = await SendAsync(
                [
                    _ => throw new HttpRequestException(message, new IOException(message)),
                    _ => throw new HttpRequestException(HttpRequestError.ConnectionError, message),
                ],
                TransientTries,
                Sample(),
                ct).ConfigureAwait(false);
            sent.Expect(checks, DeliveryStatus.TransientFailure, TransientTries, "network error");
            checks.NoSecret(sent.Result?.Reason, "the reason");
            checks.NoSecret(sent.Logged, "the logs");
        });

        yield return Case("OptionsToString_HoldsNoSecret", (checks, _) =>
        {
            checks.NoSecret(_setup.NotifierOptions.ToString(), "the options' text");
            return Task.CompletedTask;
        });

        yield return Case("CancelledWhileTheProviderHangs_ThrowsPromptlyWithoutRetryOrSecret", async (checks, ct) =>
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var run = new Run(this, [StandInProvider.HangAsync]);
            var sending = run.Notifier.SendAsync(Sample(), cancel.Token).AsTask();
            await Task.WhenAny(run.Provider.Called, sending).WaitAsync(s_guard, TimeProvider.System, ct).ConfigureAwait(false);
            if (!run.Provider.Called.IsCompleted)
            {
                checks.That(false, $"the provider was never called; the send ended with {Outcome(sending)}");
                return;
            }

            await cancel.CancelAsync().ConfigureAwait(false);
            var thrown = await ThrownAsync(sending).ConfigureAwait(false);
            checks.That(thrown is OperationCanceledException, $"a cancelled send ends by throwing OperationCanceledException, not with {(thrown is null ? Outcome(sending) : thrown.GetType().Name)}");
            checks.That(run.Provider.Requests.Count == 1, Invariant($"a cancelled send is not retried, but the provider got {run.Provider.Requests.Count} requests"));
            checks.NoSecret(thrown?.ToString(), "the exception");
            checks.NoSecret(run.Logs.Text, "the logs");
        });

        yield return Case("TokenAlreadyCancelled_ThrowsWithoutCallingTheProvider", async (checks, _) =>
        {
            using var run = new Run(this, [StandInProvider.Answer(() => _setup.Failure(500, "unexpected"))]);
            var sending = run.Notifier.SendAsync(Sample(), new CancellationToken(canceled: true)).AsTask();
            var thrown = await ThrownAsync(sending).ConfigureAwait(false);
            checks.That(thrown is OperationCanceledException, $"a send with a cancelled token throws OperationCanceledException, not {(thrown is null ? Outcome(sending) : thrown.GetType().Name)}");
            checks.That(run.Provider.Requests.Count == 0, Invariant($"a send with a cancelled token calls no provider, but it got {run.Provider.Requests.Count} requests"));
        });

        yield return Case("TitleOverTheDeclaredLimit_CutToTheLimitEndingInTheMarker", async (checks, ct) =>
        {
            var limit = DeclaredCapabilities().MaxTitleLength;
            var title = new string('t', (limit ?? 2000) + 500);
            if (await SentTextAsync(checks, Sample(title: title), _setup.SentTitle, ct).ConfigureAwait(false) is { } sent)
            {
                ExpectCut(checks, "title", sent, title, limit);
            }
        });

        yield return Case("MessageOverTheDeclaredLimit_CutToTheLimitEndingInTheMarkerOrNotSent", async (checks, ct) =>
        {
            var limit = DeclaredCapabilities().MaxMessageLength;
            var message = new string('m', (limit ?? 2000) + 500);
            if (_setup.SentMessage is not { } sentMessage)
            {
                var body = await SentTextAsync(checks, Sample(message: message), r => r.Body, ct).ConfigureAwait(false);
                checks.That(!(body?.Contains("mmmmmmmmmm", StringComparison.Ordinal) ?? false), "the provider is not sent the message (SentMessage is null), but the request carries it");
            }
            else if (await SentTextAsync(checks, Sample(message: message), sentMessage, ct).ConfigureAwait(false) is { } sent)
            {
                ExpectCut(checks, "message", sent, message, limit);
            }
        });
    }

    private NotifierConformanceCase Case(string name, Func<Checks, CancellationToken, Task> check) =>
        new(name, async ct =>
        {
            var checks = new Checks($"{_setup.Name} {name}", _setup.Secrets);
            await check(checks, ct).ConfigureAwait(false);
            checks.ThrowIfFailed();
        });

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>A notification as Alerting renders one: a failed job with attributes, in production.</summary>
    private static Notification Sample(string title = "[ERROR] Job nightly-import failed", string message = "Disk full")
    {
        var e = new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full")
        {
            Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1", ["rows"] = 42 },
            Environment = "production",
            Timestamp = new DateTimeOffset(2026, 11, 22, 9, 12, 0, TimeSpan.Zero),
        };
        return new Notification
        {
            ChannelName = "conformance",
            RuleName = "failures",
            Event = e,
            Kind = NotificationKind.Trigger,
            Severity = e.Severity,
            DedupKey = e.EffectiveDedupKey,
            Title = title,
            Message = message,
        };
    }

    private static string Outcome(Task task) => task.Status switch
    {
        TaskStatus.RanToCompletion => "a result",
        TaskStatus.Faulted => $"{task.Exception!.InnerException!.GetType().Name}",
        TaskStatus.Canceled => "cancellation",
        _ => "the send still running",
    };

    /// <summary>What <paramref name="sending"/> threw, or null when it returned; a send that neither does within the guard is a failure of its own.</summary>
    private static async Task<Exception?> ThrownAsync(Task sending)
    {
        try
        {
            await sending.WaitAsync(s_guard, TimeProvider.System).ConfigureAwait(false);
            return null;
        }
#pragma warning disable CA1031 // Whatever it throws is what the case checks.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ex;
        }
    }

    /// <summary>A text cut to the declared limit is exactly that long, ends in the marker and starts from the original; with no limit, nothing is cut.</summary>
    private static void ExpectCut(Checks checks, string what, string sent, string original, int? limit)
    {
        if (limit is { } max)
        {
            checks.That(sent.Length == max, Invariant($"the {what} is {sent.Length} characters long, not cut to the declared {max}"));
            checks.That(sent.EndsWith(NotifierCapabilities.TruncationMarker, StringComparison.Ordinal), $"the cut {what} does not end in {NotifierCapabilities.TruncationMarker}");
            checks.That(sent.Contains(original[..20], StringComparison.Ordinal), $"the cut {what} does not start from the original");
        }
        else
        {
            checks.That(sent.Contains(original, StringComparison.Ordinal), $"no limit is declared, but the {what} was cut");
            checks.That(!sent.EndsWith(NotifierCapabilities.TruncationMarker, StringComparison.Ordinal), $"no limit is declared, but the {what} ends in {NotifierCapabilities.TruncationMarker}");
        }
    }

    private bool IsTransient(int status) => _http?.IsTransientStatus(status) ?? HttpNotifierDelivery.IsTransientStatus(status);

    private NotifierCapabilities DeclaredCapabilities()
    {
        using var run = new Run(this, []);
        return run.Notifier.Capabilities;
    }

    /// <summary>Sends a sample notification; the provider answers each of exactly <paramref name="tries"/> requests with <paramref name="answer"/>.</summary>
    private Task<Sent> SendAsync(Func<HttpResponseMessage> answer, int tries, CancellationToken cancellationToken) =>
        SendAsync([.. Enumerable.Repeat(StandInProvider.Answer(answer), tries)], tries, Sample(), cancellationToken);

    /// <summary>
    /// Sends <paramref name="notification"/> as Alerting would with <paramref name="tries"/> attempts allowed, the
    /// provider answering with <paramref name="steps"/>, and checks it got exactly <paramref name="tries"/> requests.
    /// </summary>
    private async Task<Sent> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>>[] steps, int tries, Notification notification, CancellationToken cancellationToken)
    {
        using var run = new Run(this, steps);
        DeliveryResult? result = null;
        try
        {
            result = await run.Notifier.SendAsync(notification, cancellationToken).AsTask().WaitAsync(s_guard, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            for (var attempt = 2; result.IsRetryable && attempt <= tries; attempt++)
            {
                result = await run.Notifier.SendAsync(notification.ForAttempt(attempt, result.Recipients), cancellationToken).AsTask()
                    .WaitAsync(s_guard, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Sent(result, run.Provider.Requests, run.Provider.Unexpected, run.Logs.Text, ex);
        }

        return new Sent(result, run.Provider.Requests, run.Provider.Unexpected, run.Logs.Text, null);
    }

    /// <summary>Sends <paramref name="notification"/>, accepted, and returns the text <paramref name="select"/> finds in the request; null (a failed check) when there is none.</summary>
    private async Task<string?> SentTextAsync(Checks checks, Notification notification, Func<SentRequest, string> select, CancellationToken cancellationToken)
    {
        var sent = await SendAsync([StandInProvider.Answer(_setup.Accepted)], 1, notification, cancellationToken).ConfigureAwait(false);
        sent.Expect(checks, DeliveryStatus.Delivered, 1);
        return sent.Requests.Count == 1 ? select(sent.Requests[0]) : null;
    }

    /// <summary>One case's notifier over the channel's pipeline, in front of a stand-in provider, on a fake clock, its logs captured.</summary>
    private sealed class Run : IDisposable
    {
        private readonly HttpClient _client;

        public Run(NotifierConformance suite, Func<CancellationToken, Task<HttpResponseMessage>>[] steps)
        {
            var setup = suite._setup;
            var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
            Provider = new StandInProvider(setup.Method, setup.Endpoint, steps);
            _client = HttpNotifierDelivery.CreateClient("conformance", setup.NotifierOptions, Provider, time, Logs);
            Notifier = setup.CreateNotifier(new NotifierConformanceContext(_client, time, Logs));
        }

        public StandInProvider Provider { get; }

        public CapturedLogs Logs { get; } = new();

        public INotifier Notifier { get; }

        public void Dispose()
        {
            (Notifier as IDisposable)?.Dispose();
            _client.Dispose();
        }
    }

    /// <summary>What one send came to: the result (or what was thrown), the requests the provider got and everything logged.</summary>
    private sealed record Sent(DeliveryResult? Result, IReadOnlyList<SentRequest> Requests, IReadOnlyList<string> Unexpected, string Logged, Exception? Thrown)
    {
        public string Describe() => Thrown is { } ex
            ? $"{ex.GetType().Name} thrown"
            : Invariant($"{Result!.Status} ({Result.Reason ?? "no reason"}) after {Requests.Count} request(s)");

        /// <summary>Checks the outcome, the number of requests, that each went where it should, and the reason's text.</summary>
        public void Expect(Checks checks, DeliveryStatus status, int requests, string? reasonContains = null)
        {
            checks.That(Thrown is null && Result?.Status == status, Invariant($"expected {status} after {requests} request(s), got {Describe()}"));
            checks.That(Requests.Count == requests, Invariant($"the provider got {Requests.Count} request(s), not the {requests} a {status} answer implies (a transient answer is retried once, a final one is not)"));
            foreach (var unexpected in Unexpected)
            {
                checks.That(false, $"a request went elsewhere: {unexpected}");
            }

            if (reasonContains is not null && Result is { IsDelivered: false } failed)
            {
                checks.That(failed.Reason?.Contains(reasonContains, StringComparison.Ordinal) ?? false, $"the reason does not contain \"{reasonContains}\": {failed.Reason}");
            }
        }
    }
}
