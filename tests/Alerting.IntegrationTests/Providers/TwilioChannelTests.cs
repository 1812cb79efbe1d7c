using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Notifiers.Twilio;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Providers;

/// <summary>The Twilio SMS channel end to end: publish, route, render, one request per number to an emulator that validates as Twilio does.</summary>
[TestFixture]
public class TwilioChannelTests
{
    private const string Channel = "on-call-sms";
    private const string From = "+14155550100";
    private const string Number1 = "+14155550111";
    private const string Number2 = "+14155550122";
    private const string Number3 = "+14155550133";
    private const string OptedOutReason = "HTTP 400: 21610 recipient opted out (replied STOP): Attempt to send to unsubscribed recipient";

    private static ChannelHost CreateHost(TwilioEmulator emulator, Action<TwilioOptions>? configure = null, string? bodyTemplate = null) =>
        new(a => a
            .AddTwilio(Channel, o =>
            {
                o.BaseUrl = emulator.BaseAddress;
                o.AccountSid = TwilioEmulator.AccountSid;
                o.AuthToken = TwilioEmulator.AuthToken;
                o.From = From;
                o.To = [Number1];
                ChannelHost.Loopback(o.Http);
                configure?.Invoke(o);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify(Channel, n => n.Body = bodyTemplate)));

    private static AlertEvent Failure(string message = "Disk full") => new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, message);

    [Test]
    public async Task Publish_ThreeNumbersOneOptedOut_TwoDeliveredAndOnePermanentFailureReportedPerRecipient()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        emulator.OptedOut.Add(Number2);
        await using var host = CreateHost(emulator, o => o.To = [Number1, Number2, Number3]);

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Recipients, Is.EqualTo(new[]
            {
                new RecipientResult("+*******0111", DeliveryStatus.Delivered, null, 1),
                new RecipientResult("+*******0122", DeliveryStatus.PermanentFailure, OptedOutReason, 1),
                new RecipientResult("+*******0133", DeliveryStatus.Delivered, null, 1),
            }));
            Assert.That(outcome.Reason, Is.EqualTo("1 of 3 recipients failed: +*******0122: " + OptedOutReason));
            Assert.That(outcome.Attempts, Is.EqualTo(3));
            Assert.That(emulator.Attempted, Is.EqualTo(new[] { Number1, Number2, Number3 }), "one request per number: the opted-out one is never retried");
            Assert.That(emulator.Requests, Is.EqualTo(3));
            Assert.That(emulator.Sent.Select(m => m["To"]), Is.EqualTo(new[] { Number1, Number3 }));
            Assert.That(emulator.Sent.Select(m => m["Body"]), Has.All.EqualTo("[CRITICAL] Job nightly-import failed (firing)"));
            Assert.That(host.Logs.GetSnapshot().Where(l => l.Category == "Alerting.Twilio").Select(l => l.Id.Id), Is.EqualTo(new[] { 1700, 1701, 1700 }));
            Assert.That(host.Logs.GetSnapshot().Select(l => l.Message), Has.None.Contain("14155550122"), "numbers are logged masked");
        }
    }

    [Test]
    public async Task Publish_429WithRetryAfterThen201_RetriedAndDelivered()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        emulator.ThenStatus(429, retryAfter: "1", body: TwilioEmulator.ErrorBody(429, 20429, "Too Many Requests"));
        await using var host = CreateHost(emulator);

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(2));
            Assert.That(outcome.Recipients, Is.EqualTo(new[] { new RecipientResult("+*******0111", DeliveryStatus.Delivered, null, 2) }));
            Assert.That(emulator.Requests, Is.EqualTo(2));
            Assert.That(emulator.Sent.Single()["Body"], Is.EqualTo("[CRITICAL] Job nightly-import failed (firing)"));
        }
    }

    [Test]
    public async Task Publish_TwilioDownForEveryTry_FailedTransientlyForThatRecipient()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        for (var i = 0; i < 4; i++)
        {
            emulator.ThenStatus(503, body: TwilioEmulator.ErrorBody(503, 20500, "Service unavailable"));
        }

        await using var host = CreateHost(emulator);

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(4));
            Assert.That(outcome.Recipients.Single().Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(outcome.Reason, Is.EqualTo("1 of 1 recipient failed: +*******0111: HTTP 503: 20500 Service unavailable"));
            Assert.That(emulator.Sent, Is.Empty);
        }
    }

    [Test]
    public async Task Publish_ApiKeyAndMessagingService_AcceptedByTwilio()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        await using var host = CreateHost(emulator, o =>
        {
            o.AuthToken = null;
            o.ApiKeySid = TwilioEmulator.ApiKeySid;
            o.ApiKeySecret = TwilioEmulator.ApiKeySecret;
            o.From = null;
            o.MessagingServiceSid = "MG00000000000000000000000000000e11";
        });

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(emulator.Sent.Single()["MessagingServiceSid"], Is.EqualTo("MG00000000000000000000000000000e11"));
            Assert.That(emulator.Sent.Single().ContainsKey("From"), Is.False);
        }
    }

    [Test]
    public async Task Publish_WrongAuthToken_FailedPermanentlyAfterOneRequestWithoutTheToken()
    {
        const string Wrong = "wr0ngT0kenNotTheEmulators";
        await using var emulator = await TwilioEmulator.StartNewAsync();
        await using var host = CreateHost(emulator, o => o.AuthToken = Wrong);

        var outcome = (await host.PublishAsync(Failure())).Outcomes.Single();

        var logs = host.Logs.GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(emulator.Requests, Is.EqualTo(1));
            Assert.That(outcome.Reason, Does.Contain("HTTP 401: 20003 authentication failed").And.Not.Contain(Wrong));
            Assert.That(logs.Select(l => l.Message + " " + l.Exception), Has.None.Contain(Wrong));
            Assert.That(logs.Select(l => l.Category), Has.None.StartWith("System.Net.Http.HttpClient"));
        }
    }

    [Test]
    public async Task Publish_TextOverTwiliosLimit_CutTo1600UnitsAndAccepted()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        await using var host = CreateHost(emulator, bodyTemplate: "{source}: {message}");

        var outcome = (await host.PublishAsync(Failure(string.Concat(Enumerable.Repeat("disk full \U0001F525 ", 300))))).Outcomes.Single();

        var body = emulator.Sent.Single()["Body"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(body, Has.Length.InRange(1599, 1600));
            Assert.That(body, Does.StartWith("nightly-import: disk full").And.EndWith(NotifierCapabilities.TruncationMarker));
        }
    }

    [Test]
    public async Task Publish_ChannelFromConfiguration_DeliversAndTheHistoryKeepsEachRecipient()
    {
        await using var emulator = await TwilioEmulator.StartNewAsync();
        emulator.OptedOut.Add(Number2);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"Alerting:Channels:{Channel}:Type"] = "twilio",
            [$"Alerting:Channels:{Channel}:BaseUrl"] = emulator.BaseAddress.AbsoluteUri,
            [$"Alerting:Channels:{Channel}:AccountSid"] = TwilioEmulator.AccountSid,
            [$"Alerting:Channels:{Channel}:AuthToken"] = TwilioEmulator.AuthToken,
            [$"Alerting:Channels:{Channel}:From"] = From,
            [$"Alerting:Channels:{Channel}:To:0"] = Number1,
            [$"Alerting:Channels:{Channel}:To:1"] = Number2,
            [$"Alerting:Channels:{Channel}:IncludeMessage"] = "true",
            [$"Alerting:Channels:{Channel}:Http:AllowInsecureHttp"] = "true",
            [$"Alerting:Channels:{Channel}:Http:RequestTimeout"] = "00:00:02",
        }).Build();
        var services = new ServiceCollection();
        services.AddAlerting(configuration.GetSection("Alerting"), a => a.AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify(Channel)));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<IAlertPublisher>().PublishAndWaitAsync(Failure()).WaitAsync(ChannelHost.Guard);

        var recorded = provider.GetRequiredService<INotificationHistory>().GetRecent().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Single().Recipients.Select(r => (r.Recipient, r.Status)), Is.EqualTo(new[]
            {
                ("+*******0111", DeliveryStatus.Delivered),
                ("+*******0122", DeliveryStatus.PermanentFailure),
            }));
            Assert.That(recorded.Recipients, Is.EqualTo(result.Outcomes.Single().Recipients));
            Assert.That(emulator.Sent.Single()["Body"], Does.StartWith("[CRITICAL] Job nightly-import failed (firing)\nJob nightly-import failed.\nStatus: firing | Severity: critical | Time: ").And.EndWith("\nDisk full"));
        }
    }
}
