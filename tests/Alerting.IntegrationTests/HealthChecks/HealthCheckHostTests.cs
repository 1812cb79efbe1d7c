using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Alerting.Diagnostics;
using Alerting.IntegrationTests.Providers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using AspNetHealthCheckOptions = Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions;

namespace Alerting.IntegrationTests.HealthChecks;

/// <summary>
/// Health checks both ways in real hosts: the host's health check publisher pages through Alerting once per problem, and
/// ASP.NET Core's <c>/health</c> on Kestrel shows Alerting's own health, naming a channel whose circuit is open.
/// </summary>
[TestFixture]
public sealed class HealthCheckHostTests
{
    private const string Token = "h34lth-t0k3n-in-path";
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Publisher_CheckFailsFlapsAndRecoversInAHost_OneTriggerAndOneResolveReachTheWebhook()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        var check = new ScriptedCheck();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAlerting(a => a
            .AddWebhook("ops-hook", o =>
            {
                o.Url = receiver.HookUrl.AbsoluteUri;
                o.SigningSecret = Secret;
                ChannelHost.Loopback(o.Http);
            })
            .AddRule("health", r => r.ForTypes("health.*").Notify("ops-hook")));
        builder.Services.AddHealthChecks().AddCheck("db", check).PublishToAlerting();
        builder.Services.Configure<HealthCheckPublisherOptions>(o =>
        {
            o.Delay = TimeSpan.Zero;
            o.Period = TimeSpan.FromSeconds(1); // the shortest the publisher service allows
        });
        using var host = builder.Build();

        await host.StartAsync();
        await check.RunAsync(HealthStatus.Unhealthy, times: 3);   // stays unhealthy over three reports
        await check.RunAsync(HealthStatus.Degraded, times: 1);    // flaps between degraded and unhealthy
        await check.RunAsync(HealthStatus.Unhealthy, times: 1);
        await check.RunAsync(HealthStatus.Healthy, times: 2);     // recovers, and stays so
        await host.StopAsync().WaitAsync(s_guard);                // the publisher stops first, then Alerting drains

        var received = receiver.Received.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        var held = host.Services.GetRequiredService<INotificationHistory>().GetRecent().Where(o => o.Status == DeliveryOutcomeStatus.Suppressed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(received.Select(e => (e.GetProperty("type").GetString(), e.GetProperty("status").GetString()?.ToLowerInvariant())), Is.EqualTo(new[]
            {
                ("health.unhealthy", "firing"),
                ("health.unhealthy", "resolved"),
            }));
            Assert.That(received.Select(e => e.GetProperty("source").GetString()), Is.All.EqualTo("db"));
            Assert.That(received.Select(e => e.GetProperty("dedupKey").GetString()), Is.All.EqualTo("health:db"));
            Assert.That(held.Select(o => o.EventType), Is.EquivalentTo(new[] { "health.degraded", "health.unhealthy", "health.recovered" }), "the flap and the recovery reached Alerting, which held them back as the same incident");
            Assert.That(held.Select(o => o.ReasonTag), Is.All.EqualTo(DeliveryReasonTags.Deduplicated));
        }
    }

    [Test]
    public async Task HealthEndpoint_ChannelWithAnOpenCircuit_DegradedNamingItWithNoSecretInTheJson()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        receiver.ThenStatus(503);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddAlerting(a => a
            .AddWebhook("ops-hook", o =>
            {
                o.Url = receiver.HookUrl.AbsoluteUri;
                o.SigningSecret = Secret;
                o.Headers["Authorization"] = "Bearer " + Token;
                o.Http.CircuitBreakerFailureThreshold = 1;
                ChannelHost.Loopback(o.Http);
            })
            .ConfigureChannel("ops-hook", c => c.Retry.MaxAttempts = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops-hook")));
        builder.Services.AddHealthChecks().AddAlerting();
        await using var app = builder.Build();
        app.MapHealthChecks("/health", new AspNetHealthCheckOptions { ResponseWriter = WriteJsonAsync });
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };

        var healthyBefore = await client.GetStringAsync("/health");
        var failed = await app.Services.GetRequiredService<IAlertPublisher>()
            .PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full"))
            .WaitAsync(s_guard);
        using var response = await client.GetAsync("/health");
        var json = await response.Content.ReadAsStringAsync();

        var alerting = JsonDocument.Parse(json).RootElement.GetProperty("entries").GetProperty("alerting");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(JsonDocument.Parse(healthyBefore).RootElement.GetProperty("status").GetString(), Is.EqualTo("Healthy"));
            Assert.That(failed.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "degraded answers 200 by default");
            Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
            Assert.That(alerting.GetProperty("status").GetString(), Is.EqualTo("Degraded"));
            Assert.That(alerting.GetProperty("description").GetString(), Does.Contain("Channel ops-hook: circuit open"));
            Assert.That(alerting.GetProperty("data").GetProperty("channels").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "ops-hook" }));
            Assert.That(alerting.GetProperty("data").GetProperty("channel.ops-hook.circuit").GetString(), Is.EqualTo("open"));
            Assert.That(json, Does.Not.Contain(Token).And.Not.Contain(Secret).And.Not.Contain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").And.Not.Contain("/hooks/"));
            Assert.That(json, Does.Not.Contain(receiver.BaseAddress.Authority), "not even the receiver's address");
        }

        await app.StopAsync();
    }

    /// <summary>The report as JSON: its status, and each entry's status, description and data.</summary>
    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            entries = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }));
    }

    /// <summary>A check whose status the test sets, which lets the test wait until the host's publisher service has reported it so many times.</summary>
    private sealed class ScriptedCheck : IHealthCheck
    {
        private readonly Channel<HealthStatus> _reported = Channel.CreateUnbounded<HealthStatus>();
        private volatile int _status = (int)HealthStatus.Unhealthy;

        /// <summary>Sets the status and waits until the check has reported it <paramref name="times"/> times (a run under way may still report the one before).</summary>
        public async Task RunAsync(HealthStatus status, int times)
        {
            _status = (int)status;
            using var deadline = new CancellationTokenSource(s_guard);
            for (var seen = 0; seen < times;)
            {
                if (await _reported.Reader.ReadAsync(deadline.Token) == status)
                {
                    seen++;
                }
            }
        }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var status = (HealthStatus)_status;
            _reported.Writer.TryWrite(status);
            return Task.FromResult(new HealthCheckResult(status, status == HealthStatus.Healthy ? "Answers." : "Does not answer."));
        }
    }
}
