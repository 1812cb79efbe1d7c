using System.Text;
using Alerting.Notifiers;
using RichardSzalay.MockHttp;

namespace Alerting.Tests.Notifiers.Twilio;

/// <summary>One request and one result per recipient; secrets never shown, numbers masked.</summary>
public partial class TwilioNotifierTests
{
    [Test]
    public async Task SendAsync_ThreeRecipientsMiddleOptedOut_DeliversTheOthersAndReportsEachInOrder()
    {
        using var sut = CreateSut(o => o.To = [TwilioRig.To1, TwilioRig.To2, TwilioRig.To3]);
        sut.ExpectMessage(TwilioRig.To1).Respond(_ => TwilioRig.Created());
        sut.ExpectMessage(TwilioRig.To2).Respond(_ => TwilioRig.Error(400, 21610, "Attempt to send to unsubscribed recipient"));
        sut.ExpectMessage(TwilioRig.To3).Respond(_ => TwilioRig.Created());

        var result = await sut.SendAsync();

        const string Reason = "HTTP 400: 21610 recipient opted out (replied STOP): Attempt to send to unsubscribed recipient";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.PermanentFailure));
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Recipients, Is.EqualTo(new[]
            {
                new RecipientResult("+*******0111", DeliveryStatus.Delivered, null, 1),
                new RecipientResult("+*******0122", DeliveryStatus.PermanentFailure, Reason, 1),
                new RecipientResult("+*******0133", DeliveryStatus.Delivered, null, 1),
            }));
            Assert.That(result.Reason, Is.EqualTo("1 of 3 recipients failed: +*******0122: " + Reason));
        }
    }

    [Test]
    public async Task SendAsync_OneRecipientThrottledToTheEnd_IsTransientOverallWithoutResendingToTheOthers()
    {
        using var sut = CreateSut(o => o.To = [TwilioRig.To1, TwilioRig.To2, TwilioRig.To3]);
        sut.Retry.MaxAttempts = 2;
        sut.ExpectMessage(TwilioRig.To1).Respond(_ => TwilioRig.Error(400, 21211, "The 'To' number +14155550111 is not a valid phone number."));
        sut.ExpectMessage(TwilioRig.To2).Respond(_ => TwilioRig.Error(429, 20429, "Too Many Requests"));
        sut.ExpectMessage(TwilioRig.To3).Respond(_ => TwilioRig.Created());
        sut.ExpectMessage(TwilioRig.To2).Respond(_ => TwilioRig.Error(429, 20429, "Too Many Requests")); // the retry: only the throttled recipient

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure), "any transient recipient makes the whole transient");
            Assert.That(result.Recipients.Select(r => (r.Status, r.Attempts)), Is.EqualTo(new[]
            {
                (DeliveryStatus.PermanentFailure, 1),
                (DeliveryStatus.TransientFailure, 2),
                (DeliveryStatus.Delivered, 1),
            }));
            Assert.That(result.Attempts, Is.EqualTo(4));
            Assert.That(result.Reason, Does.StartWith("2 of 3 recipients failed: +*******0111: HTTP 400: 21211 invalid 'To' number: The 'To' number +*******0111 is not"));
        }
    }

    [Test]
    public async Task SendAsync_AllDelivered_IsDeliveredWithTheSummedAttempts()
    {
        using var sut = CreateSut(o => o.To = [TwilioRig.To1, TwilioRig.To2]);
        sut.ExpectMessage(TwilioRig.To1).Respond(_ => TwilioRig.Error(503, 20503, "Service Unavailable"));
        sut.ExpectMessage(TwilioRig.To2).Respond(_ => TwilioRig.Created());
        sut.ExpectMessage(TwilioRig.To1).Respond(_ => TwilioRig.Created()); // the retry: only the recipient that failed

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True, result.Reason);
            Assert.That(result.Reason, Is.Null);
            Assert.That(result.Attempts, Is.EqualTo(3));
            Assert.That(result.Recipients.Select(r => r.Attempts), Is.EqualTo(new[] { 2, 1 }));
        }
    }

    [Test]
    public async Task SendAsync_TwilioEchoesTheCredentials_NeitherReasonsNorLogsCarryThem()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TwilioRig.AccountSid}:{TwilioRig.AuthToken}"));
        using var sut = CreateSut();
        sut.ExpectMessage().Respond(_ => TwilioRig.Error(401, 20003, $"Authenticate: token {TwilioRig.AuthToken}, header {basic}"));

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Reason, Does.Contain("20003").And.Not.Contain(TwilioRig.AuthToken).And.Not.Contain(basic));
            Assert.That(result.Recipients.Single().Reason, Does.Not.Contain(TwilioRig.AuthToken).And.Not.Contain(basic));
            Assert.That(sut.Logged, Does.Contain("20003").And.Not.Contain(TwilioRig.AuthToken).And.Not.Contain(basic));
        }
    }

    [Test]
    public async Task SendAsync_TwilioEchoesTheApiKeySecret_NeitherReasonsNorLogsCarryIt()
    {
        using var sut = CreateSut(o =>
        {
            o.AuthToken = null;
            o.ApiKeySid = TwilioRig.ApiKeySid;
            o.ApiKeySecret = TwilioRig.ApiKeySecret;
        });
        for (var i = 0; i < 4; i++)
        {
            sut.Mock.Expect(HttpMethod.Post, TwilioRig.Messages).Respond(_ => TwilioRig.Error(500, 20500, "secret " + TwilioRig.ApiKeySecret));
        }

        var result = await sut.SendAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(DeliveryStatus.TransientFailure));
            Assert.That(result.Reason, Does.Contain("secret ***").And.Not.Contain(TwilioRig.ApiKeySecret));
            Assert.That(sut.Logged, Does.Not.Contain(TwilioRig.ApiKeySecret));
        }
    }

    [Test]
    public async Task SendAsync_AnyOutcome_LogsNumbersMaskedButForTheLastFourDigits()
    {
        using var sut = CreateSut(o => o.To = [TwilioRig.To1, TwilioRig.To2]);
        sut.ExpectMessage(TwilioRig.To1).Respond(_ => TwilioRig.Created("SMfeedface0123456789abcdef01234567"));
        sut.ExpectMessage(TwilioRig.To2).Respond(_ => TwilioRig.Error(400, 21211, "The 'To' number 14155550122 is not a valid phone number."));

        var result = await sut.SendAsync();

        var lines = sut.Logs.GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Select(l => (l.Id.Id, l.Level)), Is.EqualTo(new[] { (1700, Microsoft.Extensions.Logging.LogLevel.Debug), (1701, Microsoft.Extensions.Logging.LogLevel.Debug) }));
            Assert.That(lines[0].Message, Does.Contain("SMfeedface0123456789abcdef01234567").And.Contain("+*******0111").And.Contain("1 GSM-7 segment(s)"));
            Assert.That(lines[1].Message, Does.Contain("+*******0122").And.Contain("21211"));
            Assert.That(sut.Logged + result.Reason, Does.Not.Contain("14155550111").And.Not.Contain("14155550122"));
        }
    }
}
