using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Alerting.Diagnostics;
using System.Net;
using Alerting.Dispatch;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Notifiers.PagerDuty;
using Alerting.Tests.Notifiers.Webhook;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Http;

/// <summary>The HTTP channels as a host gets them: from configuration, through <c>IHttpClientFactory</c>'s named clients.</summary>
[TestFixture]
public class HttpChannelRegistrationTests
{
    private const string HookUrl = "https://hooks.example.com/services/T0/B0/t0k3n-in-path?sig=s1gn4ture";

    private static readonly string s_json = $$"""
        {
          "Alerting": {
            "Channels": {
              "pd": { "Type": "pagerduty", "RoutingKey": "{{PagerDutyNotifierTests.RoutingKey}}", "Component": "importer" },
              "hook": { "Type": "webhook", "Url": "{{HookUrl}}", "SigningSecret": "{{WebhookNotifierTests.Secret}}", "Retry": { "MaxAttempts": 1 } }
            },
            "Rules": {
              "failures": { "EventTypes": [ "job.failed" ], "Actions": [ { "Channel": "pd" }, { "Channel": "hook" } ] }
            }
          }
        }
        """;

    private static AlertingHarness CreateSut(MockHttpMessageHandler mock, string json) =>
        AlertingHarness.Create(_ => { }, services =>
        {
            services.AddAlerting(JsonConfiguration.AlertingSection(json));
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging());
            services.AddHttpClient("Alerting.pd").ConfigurePrimaryHttpMessageHandler(() => mock);
            services.AddHttpClient("Alerting.hook").ConfigurePrimaryHttpMessageHandler(() => mock);
        });

    [Test]
    public async Task Configuration_BothTypes_DeliverThroughTheirNamedClients()
    {
        using var mock = new MockHttpMessageHandler();
        // Both channels deliver at once, in no set order.
        var pagerDuty = mock.When(HttpMethod.Post, "https://events.pagerduty.com/v2/enqueue").WithPartialContent("\"component\":\"importer\"").Respond(HttpStatusCode.Accepted);
        var hook = mock.When(HttpMethod.Post, HookUrl).With(r => r.Headers.Contains("webhook-signature")).Respond(HttpStatusCode.OK);
        await using var harness = CreateSut(mock, s_json);

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Delivered), string.Join(" | ", result.Outcomes.Select(o => o.Reason)));
            Assert.That(result.Outcomes, Has.Count.EqualTo(2));
            Assert.That(mock.GetMatchCount(pagerDuty), Is.EqualTo(1));
            Assert.That(mock.GetMatchCount(hook), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Failures_SecretsNeverInLogsReasonsActivityOrMetricTags_AndDefaultHttpLoggersRemoved()
    {
        using var mock = new MockHttpMessageHandler();
        mock.When("https://events.pagerduty.com/*").Respond(HttpStatusCode.BadRequest, "application/json",
            $$"""{"status":"invalid event","message":"bad key {{PagerDutyNotifierTests.RoutingKey}}"}""");
        mock.When("https://hooks.example.com/*").Respond(HttpStatusCode.Unauthorized, "text/plain", $"unknown hook {HookUrl}");
        var tags = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => tags.Enqueue(a.DisplayName + " " + a.StatusDescription + " " + string.Join(" ", a.TagObjects.Select(t => $"{t.Key}={t.Value}"))),
        };
        ActivitySource.AddActivityListener(listener);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == AlertingTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((_, _, measured, _) => tags.Enqueue(string.Join(" ", measured.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        meters.SetMeasurementEventCallback<double>((_, _, measured, _) => tags.Enqueue(string.Join(" ", measured.ToArray().Select(t => $"{t.Key}={t.Value}"))));
        meters.Start();
        await using var harness = CreateSut(mock, s_json);

        var result = await harness.Publisher.PublishAndWaitAsync(Some.Problem());

        var logs = harness.Provider.GetFakeLogCollector().GetSnapshot();
        string[] everything = [.. logs.Select(r => r.Message), .. logs.Select(r => r.Exception?.ToString() ?? string.Empty), .. result.Outcomes.Select(o => o.Reason ?? string.Empty), .. tags];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.Status), Is.All.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(logs.Select(r => r.Category), Has.None.StartWith("System.Net.Http.HttpClient"));
            Assert.That(logs.Select(r => r.Message), Has.Some.Contain("https://hooks.example.com/***"));
            Assert.That(tags, Has.Some.Contain("alerting.deliver").And.Some.Contain("alerting.channel=hook"));
            Assert.That(everything, Has.None.Contain(PagerDutyNotifierTests.RoutingKey));
            Assert.That(everything, Has.None.Contain("t0k3n-in-path").And.None.Contain("s1gn4ture"));
            Assert.That(everything, Has.None.Contain(WebhookNotifierTests.Secret));
        }
    }

    [Test]
    public async Task Configuration_InvalidChannels_ErrorsNameFieldsWithoutSecrets()
    {
        const string shortKey = "k3y-that-is-too-short";
        var json = $$"""
            {
              "Alerting": {
                "Channels": {
                  "pd": { "Type": "pagerduty", "RoutingKey": "{{shortKey}}" },
                  "hook": { "Type": "webhook", "Url": "http://hooks.example.com/t0k3n-in-path" }
                }
              }
            }
            """;
        using var mock = new MockHttpMessageHandler();
        await using var harness = CreateSut(mock, json);

        var error = Assert.CatchAsync(() => harness.Publisher.PublishAndWaitAsync(Some.Problem()));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error!.Message, Does.Contain("Channel 'pd': RoutingKey must be exactly 32 characters"));
            Assert.That(error.Message, Does.Contain("Channel 'hook': Url must be an absolute https URL"));
            Assert.That(error.Message, Does.Not.Contain(shortKey).And.Not.Contain("t0k3n"));
        }
    }
}
