using Alerting.Dispatch;

namespace Alerting.IntegrationTests.Providers;

[TestFixture]
public class WebhookChannelTests
{
    private const string Token = "t0k3n-in-path";
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static ChannelHost CreateHost(Uri url) =>
        new(a => a
            .AddWebhook("hook", o =>
            {
                o.Url = url.AbsoluteUri;
                o.SigningSecret = Secret;
                ChannelHost.Loopback(o.Http);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("hook")));

    private static AlertEvent Failure() => new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Error, "Disk full");

    [Test]
    public async Task Publish_Signed_ReceiverVerifiesEveryTryAndSeesOneMessageId()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        receiver.ThenStatus(500).ThenDrop();
        await using var host = CreateHost(receiver.HookUrl);

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), outcome.Reason);
            Assert.That(outcome.Attempts, Is.EqualTo(3));
            Assert.That(receiver.Received, Has.Count.EqualTo(1));
            Assert.That(receiver.Received.Single().Body, Does.Contain("\"type\":\"job.failed\""));
        }
    }

    [Test]
    public async Task Publish_Redirect_FailedWithoutFollowing()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        await using var host = CreateHost(new Uri(receiver.BaseAddress, "/moved"));

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(receiver.Requests, Is.EqualTo(1), "the redirect target is never requested");
        }
    }

    [Test]
    public async Task Publish_WrongToken_NotFoundIsFinalAndTheUrlIsNeverLogged()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        await using var host = CreateHost(new Uri(receiver.BaseAddress, "/hooks/wr0ng-t0ken"));

        var result = await host.PublishAsync(Failure());

        var outcome = result.Outcomes.Single();
        var messages = host.Logs.GetSnapshot().Select(l => l.Message).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.Status, Is.EqualTo(DeliveryOutcomeStatus.Failed));
            Assert.That(outcome.Reason, Is.EqualTo("HTTP 404"));
            Assert.That(outcome.Attempts, Is.EqualTo(1));
            Assert.That(messages, Has.None.Contain("wr0ng-t0ken").And.None.Contain(Secret));
            Assert.That(messages, Has.Some.Contain(receiver.BaseAddress.Authority + "/***"));
        }
    }

    [Test]
    public async Task Publish_429WithRetryAfterThen204_Delivered()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync(Token, Secret);
        receiver.ThenStatus(429, retryAfter: "30");
        await using var host = CreateHost(receiver.HookUrl);

        var result = await host.PublishAsync(Failure());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(result.Outcomes.Single().Attempts, Is.EqualTo(2));
        }
    }
}
