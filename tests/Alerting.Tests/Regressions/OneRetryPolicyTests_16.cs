using System.Net;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.DependencyInjection;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Notifiers.Twilio;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 16: one retry policy per channel, one set of options, one formula and one place that counts attempts; the HTTP
/// layer only classifies. Old configuration keys fail at start-up saying what replaced them.
/// </summary>
[TestFixture]
public class OneRetryPolicyTests_16
{
    /// <summary>What <see cref="IAlertingTester.Validate"/> reports for a webhook channel <c>ops-hook</c> with <paramref name="settings"/> from JSON.</summary>
    private static async Task<IReadOnlyList<string>> ProblemsAsync(string settings)
    {
        var section = JsonConfiguration.AlertingSection($$"""
            { "Alerting": { "Channels": { "ops-hook": { "Type": "webhook", "Url": "https://hooks.example.com/alerts", {{settings}} } } } }
            """);
        await using var provider = new ServiceCollection().AddAlerting(section).BuildServiceProvider();
        return provider.GetRequiredService<IAlertingTester>().Validate();
    }

    [Test]
    public async Task Validate_RetiredHttpRetryKeysInConfiguration_EachNamesWhatReplacedIt()
    {
        var problems = await ProblemsAsync("""
            "Http": { "MaxRetries": 5, "BaseDelay": "00:00:02", "MaxDelay": "00:01:00", "MaxRetryAfter": "00:00:10", "AttemptTimeout": "00:00:05" }
            """);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Has.Some.EqualTo("Channel 'ops-hook': Http.MaxRetries is no longer read; it was replaced by the channel's one retry policy: set Retry.MaxAttempts, which counts the first attempt too (MaxRetries + 1)."));
            Assert.That(problems, Has.Some.Contains("Http.BaseDelay is no longer read").And.Contains("Retry.BaseDelay"));
            Assert.That(problems, Has.Some.Contains("Http.MaxDelay is no longer read").And.Contains("Retry.MaxDelay"));
            Assert.That(problems, Has.Some.Contains("Http.MaxRetryAfter is no longer read").And.Contains("Retry.MaxDelay"));
            Assert.That(problems, Has.Some.Contains("Http.AttemptTimeout is no longer read").And.Contains("Http.RequestTimeout"));
        }
    }

    [Test]
    public async Task Validate_TheKeysThatReplacedThem_Accepted()
    {
        var problems = await ProblemsAsync("""
            "Retry": { "MaxAttempts": 6, "BaseDelay": "00:00:02", "MaxDelay": "00:01:00" }, "Http": { "RequestTimeout": "00:00:05" }
            """);

        Assert.That(problems, Is.Empty);
    }

    [Test]
    public async Task PublishAndWaitAsync_RetryRefusedAfterATransientFailure_StopsAndNamesBothWithoutCountingTheRefusal()
    {
        RecordingSink sink = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ops", out sink)
            .ConfigureChannel("ops", c => c.MaxConcurrency = 1)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops")));
        var answers = new Queue<DeliveryResult>([
            DeliveryResult.Transient("HTTP 500"),
            DeliveryResult.NotRetried("the channel's circuit is open after repeated failures; no request was sent", attempts: 0),
            DeliveryResult.Delivered()]);
        sink.Respond = (_, _) => ValueTask.FromResult(answers.Dequeue());

        var outcome = (await rig.PublishAndRunAsync(Some.Problem())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.ReasonTag, Is.EqualTo(DeliveryReasonTags.Transient));
            Assert.That(outcome.Reason, Is.EqualTo("the channel's circuit is open after repeated failures; no request was sent; last attempt: HTTP 500"));
            Assert.That(outcome.Attempts, Is.EqualTo(1), "the refused attempt reached no provider");
            Assert.That(sink.Received, Has.Count.EqualTo(2), "a result that must not be retried is not, though attempts remain");
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_SmsRecipientFailsOnce_TheRetryGoesToThatRecipientOnlyAndEveryRequestCounts()
    {
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Throw(new InvalidOperationException("Twilio got a request the test did not expect."));
        mock.Expect(HttpMethod.Post, TwilioRig.Messages).WithFormData("To", TwilioRig.To1).Respond(_ => TwilioRig.Created());
        mock.Expect(HttpMethod.Post, TwilioRig.Messages).WithFormData("To", TwilioRig.To2).Respond(_ => TwilioRig.Error(503, 20503, "Service Unavailable"));
        mock.Expect(HttpMethod.Post, TwilioRig.Messages).WithFormData("To", TwilioRig.To3).Respond(_ => TwilioRig.Created());
        mock.Expect(HttpMethod.Post, TwilioRig.Messages).WithFormData("To", TwilioRig.To2).Respond(_ => TwilioRig.Created());
        await using var rig = DispatchRig.Create(
            a => a
                .AddTwilio("sms", o =>
                {
                    o.AccountSid = TwilioRig.AccountSid;
                    o.AuthToken = TwilioRig.AuthToken;
                    o.From = TwilioRig.From;
                    o.To = [TwilioRig.To1, TwilioRig.To2, TwilioRig.To3];
                })
                .ConfigureChannel("sms", c => c.RateLimit.PermitLimit = 1000)
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("sms")),
            s => s.AddHttpClient("Alerting.sms").ConfigurePrimaryHttpMessageHandler(() => mock));

        var outcome = (await rig.PublishAndRunRetryWaitsAsync(Some.Problem())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(mock.GetMatchCount(mock.Fallback), Is.Zero);
            Assert.That(outcome.Attempts, Is.EqualTo(4), "three requests, then one to the recipient that failed");
            Assert.That(outcome.Recipients.Select(r => (r.IsDelivered, r.Attempts)), Is.EqualTo(new[] { (true, 1), (true, 2), (true, 1) }));
        }

        mock.VerifyNoOutstandingExpectation();
    }
}
