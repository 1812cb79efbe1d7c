using System.Net;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Dispatch;
using Polly.Utilities;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

[TestFixture]
public class HttpPipelineTests
{
    private const string Url = "https://provider.example/hooks/T000/B000/s3cr3t-path?token=s3cr3t-query";

    private static HttpRig CreateSut(HttpMessageHandler primary, Action<HttpDeliveryOptions>? change = null) =>
        new(new TestChannelOptions(HttpRig.Quick(change)), primary);

    /// <summary>
    /// Sends one request per attempt through the public plugin API, retried as the dispatcher retries (up to
    /// <paramref name="maxAttempts"/>, no waiting: the waits are recorded in <paramref name="waits"/> and passed on the clock).
    /// </summary>
    private static Task<DeliveryResult> SendAsync(HttpRig rig, int maxAttempts = 4, List<TimeSpan>? waits = null) =>
        ChannelProbe.RetryAsync(
            async _ =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = new StringContent("{}") };
                var exchange = await HttpNotifierDelivery.ExchangeAsync(rig.Client, request, false, rig.Clock, CancellationToken.None);
                return HttpNotifierDelivery.ToResult(exchange, rig.Options, null);
            },
            ChannelProbe.Notification("probe"),
            new DeliveryRetryOptions { MaxAttempts = maxAttempts },
            rig.Clock,
            waits ?? []);

    private static HttpResponseMessage Response(HttpStatusCode status, string? retryAfter = null, string body = "")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body) };
        if (retryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    [Test]
    public async Task SendAsync_500Then200_DeliveredAfterTwoAttempts()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.InternalServerError);
        mock.Expect(HttpMethod.Post, Url).Respond(HttpStatusCode.Accepted);
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.Delivered));
            Assert.That(result.Attempts, Is.EqualTo(2));
        }

        mock.VerifyNoOutstandingExpectation();
    }

    [TestCase(HttpStatusCode.RequestTimeout)]
    [TestCase(HttpStatusCode.TooManyRequests)]
    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    public async Task SendAsync_TransientStatusEveryTry_RetriedThenTransientWithAllAttempts(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(Url).Respond(status);
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig, maxAttempts: 3);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Reason, Does.StartWith($"HTTP {(int)status}"));
        }
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    [TestCase(HttpStatusCode.NotFound)]
    public async Task SendAsync_PermanentStatus_NotRetried(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Url).Respond(status, "text/plain", "no such hook");
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Reason, Is.EqualTo($"HTTP {(int)status}: no such hook"));
        }

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task SendAsync_NetworkErrorThenSuccess_Retried()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(Url).Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (provider.example:443)"));
        mock.Expect(Url).Respond(HttpStatusCode.OK);
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_NetworkErrorEveryTry_TransientNamingTheKindOnly()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(Url).Throw(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known (provider.example/hooks/s3cr3t-path)"));
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig, maxAttempts: 2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("network error (NameResolutionError)"));
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_429WithRetryAfterSeconds_TheRetryWaitsThatLong()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(Url).Respond(_ => Response(HttpStatusCode.TooManyRequests, "7"));
        mock.Expect(Url).Respond(HttpStatusCode.Accepted);
        using var rig = CreateSut(mock);
        var waits = new List<TimeSpan>();

        var result = await SendAsync(rig, waits: waits);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waits, Has.Count.EqualTo(1));
            Assert.That(waits[0], Is.InRange(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(7.7)));
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_503WithRetryAfterDate_TheRetryWaitsUntilThatDate()
    {
        using var mock = new MockHttpMessageHandler();
        using var rig = CreateSut(mock);
        var date = rig.Clock.GetUtcNow().AddSeconds(15).ToString("R");
        mock.Expect(Url).Respond(_ => Response(HttpStatusCode.ServiceUnavailable, date));
        mock.Expect(Url).Respond(HttpStatusCode.OK);
        var waits = new List<TimeSpan>();

        var result = await SendAsync(rig, waits: waits);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(waits.Single(), Is.InRange(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(16.5)));
            Assert.That(result.IsDelivered, Is.True);
        }
    }

    [Test]
    public async Task SendAsync_RetriesExhaustedOn429_TransientCarriesRetryAfter()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(Url).Respond(_ => Response(HttpStatusCode.TooManyRequests, "0"));
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig, maxAttempts: 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.Zero));
            Assert.That(result.Attempts, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task SendAsync_SlowRequest_TimesOutOnTheTimeProviderAndIsRetried()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang, ScriptedHandler.Status(202));
        var options = new TestChannelOptions(HttpRig.Quick(o => o.RequestTimeout = TimeSpan.FromSeconds(3)));
        using var rig = new HttpRig(options, handler);

        var sending = SendAsync(rig);
        var timeout = await rig.Clock.NextTimerAsync();
        rig.Clock.Advance(timeout);
        var result = await sending.WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(timeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(result.Attempts, Is.EqualTo(2));
            Assert.That(handler.Requests, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task SendAsync_EveryRequestTimesOut_TransientSayingSo()
    {
        var handler = new ScriptedHandler(ScriptedHandler.Hang);
        var options = new TestChannelOptions(HttpRig.Quick(o => o.RequestTimeout = TimeSpan.FromSeconds(3)));
        using var rig = new HttpRig(options, handler);

        var sending = SendAsync(rig, maxAttempts: 2);
        rig.Clock.Advance(await rig.Clock.NextTimerAsync());
        rig.Clock.Advance(await rig.Clock.NextTimerAsync());
        var result = await sending.WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Is.EqualTo("the provider did not answer in time"));
            Assert.That(result.Attempts, Is.EqualTo(2));
        }
    }

    [TestCase(HttpStatusCode.MovedPermanently)]
    [TestCase(HttpStatusCode.Found)]
    [TestCase(HttpStatusCode.TemporaryRedirect)]
    public async Task SendAsync_Redirect_PermanentAndNotFollowed(HttpStatusCode status)
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(Url).Respond(_ => new HttpResponseMessage(status) { Headers = { Location = new Uri("https://elsewhere.example/secret-target") } });
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(1));
            Assert.That(result.Reason, Does.Contain("redirects are not followed").And.Not.Contain("secret-target"));
        }

        mock.VerifyNoOutstandingExpectation();
    }

    [Test]
    public async Task SendAsync_HugeErrorBody_ReasonQuotesACappedExcerpt()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(Url).Respond(HttpStatusCode.BadRequest, "text/plain", new string('x', 1_000_000));
        using var rig = CreateSut(mock);

        var result = await SendAsync(rig);

        Assert.That(result.Reason, Has.Length.LessThanOrEqualTo(HttpDelivery.MaxReasonBodyLength + 20).And.EndWith(NotifierCapabilities.TruncationMarker));
    }

    [Test]
    public async Task CircuitBreaker_ConsecutiveFailures_OpensFailsFastThenClosesAfterTheBreak()
    {
        using var clock = new PollyClock();
        using var mock = new MockHttpMessageHandler();
        var failing = mock.When(Url).Respond(HttpStatusCode.InternalServerError);
        using var rig = CreateSut(mock, o =>
        {
            o.CircuitBreakerFailureThreshold = 2;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
        });

        await SendAsync(rig, maxAttempts: 1);
        await SendAsync(rig, maxAttempts: 1);
        var whileOpen = await SendAsync(rig);
        var callsWhileOpen = mock.GetMatchCount(failing);

        clock.Advance(TimeSpan.FromSeconds(31));
        mock.Clear();
        mock.When(Url).Respond(HttpStatusCode.Accepted);
        var trial = await SendAsync(rig, maxAttempts: 1);
        var afterwards = await SendAsync(rig, maxAttempts: 1);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(whileOpen.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(whileOpen.IsRetryable, Is.False, "a refused request is not retried, though four attempts were allowed");
            Assert.That(whileOpen.Reason, Does.Contain("circuit is open").And.Contain("no request was sent"));
            Assert.That(whileOpen.Attempts, Is.Zero, "nothing reached the provider");
            Assert.That(callsWhileOpen, Is.EqualTo(2), "no request while the circuit is open");
            Assert.That(trial.IsDelivered, Is.True);
            Assert.That(afterwards.IsDelivered, Is.True);
            Assert.That(rig.Pipeline.Breaker.CircuitState, Is.EqualTo(Polly.CircuitBreaker.CircuitState.Closed));
            Assert.That(rig.Logger.Collector.GetSnapshot().Select(r => r.Message), Has.Some.Contain("circuit opened").And.Some.Contain("circuit closed"));
        }
    }

    [Test]
    public async Task CircuitBreaker_OpensDuringTheRetries_TheRetriesStopAndTheAttemptsThatReachedTheProviderCount()
    {
        using var clock = new PollyClock();
        using var mock = new MockHttpMessageHandler();
        var failing = mock.When(Url).Respond(HttpStatusCode.InternalServerError);
        using var rig = CreateSut(mock, o => o.CircuitBreakerFailureThreshold = 2);

        var result = await SendAsync(rig, maxAttempts: 4);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Attempts, Is.EqualTo(2), "two requests reached the provider; the third attempt was refused and ended the retries");
            Assert.That(mock.GetMatchCount(failing), Is.EqualTo(2));
            Assert.That(result.Reason, Does.Contain("circuit is open"));
        }
    }

    /// <summary>Polly 7's circuit breaker reads its own clock: frozen here for the test, moved by hand, reset at the end.</summary>
    private sealed class PollyClock : IDisposable
    {
        private DateTime _now = new(2026, 11, 22, 9, 0, 0, DateTimeKind.Utc);

        public PollyClock() => SystemClock.UtcNow = () => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void Dispose() => SystemClock.Reset();
    }

    [Test]
    public async Task Logs_EachRequest_EndpointWithoutPathOrQuery()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Expect(Url).Respond(HttpStatusCode.InternalServerError);
        mock.Expect(Url).Respond(HttpStatusCode.OK);
        using var rig = CreateSut(mock);

        await SendAsync(rig);

        var messages = rig.Logger.Collector.GetSnapshot().Select(r => r.Message).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(messages.Count(m => m.Contains("https://provider.example/***", StringComparison.Ordinal)), Is.EqualTo(2), "one line per request");
            Assert.That(messages, Has.None.Contain("s3cr3t"));
        }
    }
}
