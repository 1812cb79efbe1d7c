using System.Net;
using Alerting.Dispatch;
using Alerting.Notifiers;
using Alerting.Notifiers.Http;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>
/// A third party's HTTP notifier, written as the README shows (options + a constructor taking an HttpClient) and
/// registered with AddNotifier: it gets the same pipeline as the built-in channels.
/// </summary>
[TestFixture]
public sealed class PluginHttpNotifierTests
{
    private const string Endpoint = "https://acme.example.com/v1/alerts?token=acme-s3cret-t0ken";
    private const string ApiKey = "acme-api-key-123456";

    private static DispatchRig CreateRig(MockHttpMessageHandler mock, Action<AcmeOptions>? configure = null, Action<ChannelOptions>? channel = null) =>
        DispatchRig.Create(
            a => a
                .AddNotifier<AcmeNotifier, AcmeOptions>("acme", o =>
                {
                    o.Endpoint = new Uri(Endpoint);
                    o.ApiKey = ApiKey;
                    configure?.Invoke(o);
                })
                .ConfigureChannel("acme", c => channel?.Invoke(c))
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("acme")),
            s =>
            {
                s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
                s.AddHttpClient("Alerting.acme").ConfigurePrimaryHttpMessageHandler(() => mock);
            });

    [Test]
    public async Task Plugin_429WithRetryAfterThreeTimesThenOk_DeliversOnceWithEveryTryCounted()
    {
        using var mock = new MockHttpMessageHandler();
        var throttled = 0;
        mock.When(HttpMethod.Post, "https://acme.example.com/v1/alerts").Respond(_ =>
        {
            if (Interlocked.Increment(ref throttled) > 3)
            {
                return new HttpResponseMessage(HttpStatusCode.OK);
            }

            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return response;
        });
        await using var rig = CreateRig(mock);
        var started = rig.Clock.GetUtcNow();

        var result = await rig.PublishAndRunRetryWaitsAsync(Some.Problem());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(4));
            Assert.That(throttled, Is.EqualTo(4), "the channel's retries are the only ones");
            Assert.That(rig.Clock.GetUtcNow() - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(3)), "each Retry-After honoured");
        }
    }

    [Test]
    public async Task Plugin_ChannelRetrySettings_ApplyToItAsToTheBuiltIns()
    {
        using var mock = new MockHttpMessageHandler();
        var calls = mock.When(HttpMethod.Post, "https://acme.example.com/v1/alerts").Respond(HttpStatusCode.ServiceUnavailable);
        await using var rig = CreateRig(mock, channel: c => c.Retry.MaxAttempts = 2);

        var result = await rig.PublishAndRunRetryWaitsAsync(Some.Problem());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.StartWith("HTTP 503"));
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(mock.GetMatchCount(calls), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task Plugin_ProviderEchoesItsSecrets_ReasonsAndLogsHoldNoneAndNoDefaultRequestLogs()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, "https://acme.example.com/v1/alerts").Respond(HttpStatusCode.BadRequest, "text/plain", $"bad request to {Endpoint} with Bearer {ApiKey}");
        await using var rig = CreateRig(mock);

        var result = await rig.PublishAndRunRetryWaitsAsync(Some.Problem());

        var outcome = result.Outcomes.Single();
        var logs = rig.Harness.Provider.GetFakeLogCollector().GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Does.StartWith("HTTP 400").And.Not.Contain("acme-s3cret-t0ken").And.Not.Contain(ApiKey));
            Assert.That(logs.Select(l => l.Message), Has.None.Contain("acme-s3cret-t0ken").And.None.Contain(ApiKey));
            Assert.That(logs.Select(l => l.Category), Has.None.StartWith("System.Net.Http.HttpClient"), "IHttpClientFactory's request logs write URL paths");
            Assert.That(logs.Select(l => l.Message), Has.Some.Contain("acme.example.com"), "the pipeline's own redacted line per request");
        }
    }

    [Test]
    public void Validate_PluginHttpSettingsOutOfRange_NameTheChannelAndField()
    {
        using var mock = new MockHttpMessageHandler();
        var harness = AlertingHarness.Create(a => a.AddNotifier<AcmeNotifier, AcmeOptions>("acme", o =>
        {
            o.Endpoint = new Uri(Endpoint);
            o.Http.CircuitBreakerFailureThreshold = 0;
            o.Http.RequestTimeout = TimeSpan.Zero;
        }));

        var problems = harness.Get<Alerting.Diagnostics.IAlertingTester>().Validate();

        Assert.That(problems, Has.Some.Contains("acme").And.Contains("Http.CircuitBreakerFailureThreshold must be at least 1 (was 0)")
            .And.Some.Contains("acme").And.Contains("Http.RequestTimeout must be positive"));
    }

    [Test]
    public void RetryAfter_SecondsDateOrNone_ReadAsAWait()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero));
        using var seconds = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Headers = { RetryAfter = new(TimeSpan.FromSeconds(7)) } };
        using var date = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(clock.GetUtcNow().AddSeconds(90)) } };
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Headers = { RetryAfter = new(clock.GetUtcNow().AddSeconds(-5)) } };
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(HttpNotifierDelivery.RetryAfter(seconds, clock), Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(HttpNotifierDelivery.RetryAfter(date, clock), Is.EqualTo(TimeSpan.FromSeconds(90)));
            Assert.That(HttpNotifierDelivery.RetryAfter(past, clock), Is.EqualTo(TimeSpan.Zero));
            Assert.That(HttpNotifierDelivery.RetryAfter(none, clock), Is.Null);
        }
    }

    [TestCase(408, true)]
    [TestCase(429, true)]
    [TestCase(500, true)]
    [TestCase(503, true)]
    [TestCase(400, false)]
    [TestCase(401, false)]
    [TestCase(404, false)]
    [TestCase(200, false)]
    public void IsTransientStatus_TheUsualContract(int status, bool transient) =>
        Assert.That(HttpNotifierDelivery.IsTransientStatus(status), Is.EqualTo(transient));

    public sealed class AcmeOptions : IHttpNotifierOptions
    {
        public Uri? Endpoint { get; set; }

        public string? ApiKey { get; set; }

        public HttpDeliveryOptions Http { get; set; } = new();
    }

    public sealed class AcmeNotifier(AcmeOptions options, HttpClient http) : INotifier
    {
        public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint) { Content = new StringContent(notification.Title) };
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.ApiKey);
            return await HttpNotifierDelivery.SendAsync(http, request, cancellationToken);
        }
    }
}
