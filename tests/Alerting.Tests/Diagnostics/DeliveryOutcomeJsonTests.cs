using Alerting.Notifiers;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public class DeliveryOutcomeJsonTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 3, 9, 12, 30, 123, TimeSpan.FromHours(1));

    private static DeliveryOutcome Full() => new()
    {
        EventId = "evt-1",
        EventType = "custom.type",
        Source = "billing \"eu\" <west>",
        RuleName = "failures",
        ChannelName = "sms",
        Severity = AlertSeverity.Warning,
        Status = DeliveryOutcomeStatus.Suppressed,
        Reason = "threshold: 1 of 3 in 00:05:00",
        ReasonTag = DeliveryReasonTags.Threshold,
        Attempts = 2,
        Timestamp = s_at,
        Duration = TimeSpan.FromTicks(12_345_678_901),
        Title = "Import failed ✓",
        IncidentId = "inc-7",
        EscalationLevel = 3,
        Recipients =
        [
            new RecipientResult("+*******4567", DeliveryStatus.TransientFailure, "busy", 4) { RetryAfter = TimeSpan.FromSeconds(1.5), NotRetried = true },
            new RecipientResult("+*******0001", DeliveryStatus.Delivered, null, 1),
        ],
    };

    [Test]
    public void WriteThenTryRead_EveryField_ComesBackEqual()
    {
        var outcome = Full();

        var read = DeliveryOutcomeJson.TryRead(DeliveryOutcomeJson.Write(outcome), out var back);

        Assert.That(read, Is.True);
        using (Assert.EnterMultipleScope())
        {
            foreach (var property in typeof(DeliveryOutcome).GetProperties().Where(p => p.Name != nameof(DeliveryOutcome.Recipients)))
            {
                Assert.That(property.GetValue(back), Is.EqualTo(property.GetValue(outcome)), property.Name);
            }

            Assert.That(back!.Recipients, Is.EqualTo(outcome.Recipients));
            Assert.That(back.Timestamp.Offset, Is.EqualTo(TimeSpan.FromHours(1)), "the offset survives");
        }
    }

    [Test]
    public void WriteThenTryRead_OnlyRequiredFields_LeavesTheRestOutAndReadsThemEmpty()
    {
        var outcome = new DeliveryOutcome { EventId = "e", EventType = AlertEventTypes.JobFailed, Source = "s", Status = DeliveryOutcomeStatus.Dropped, Timestamp = s_at };

        var json = DeliveryOutcomeJson.Write(outcome);
        DeliveryOutcomeJson.TryRead(json, out var back);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(json, Does.Not.Contain("channel").And.Not.Contain("recipients").And.Not.Contain("null"));
            Assert.That(back!.ChannelName, Is.Null);
            Assert.That(back.EscalationLevel, Is.Null);
            Assert.That(back.Recipients, Is.Empty);
            Assert.That(back.Severity, Is.EqualTo(AlertSeverity.Info));
        }
    }

    [Test]
    public void Write_Outcome_HasOnlyTheOutcomesOwnFieldNames()
    {
        using var document = System.Text.Json.JsonDocument.Parse(DeliveryOutcomeJson.Write(Full()));

        Assert.That(document.RootElement.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "eventId", "eventType", "source", "rule", "channel", "severity", "status", "reason", "reasonTag", "attempts",
            "timestamp", "durationMs", "title", "incidentId", "escalationLevel", "recipients",
        }));
    }

    [TestCase("not json")]
    [TestCase("[]")]
    [TestCase("{\"eventType\":\"t\",\"source\":\"s\",\"severity\":\"error\",\"status\":\"delivered\",\"timestamp\":\"2026-12-03T09:00:00Z\"}")]
    [TestCase("{\"eventId\":\"e\",\"eventType\":\"t\",\"source\":\"s\",\"severity\":\"error\",\"status\":\"lost\",\"timestamp\":\"2026-12-03T09:00:00Z\"}")]
    [TestCase("{\"eventId\":\"e\",\"eventType\":\"t\",\"source\":\"s\",\"severity\":\"error\",\"status\":\"delivered\",\"timestamp\":\"yesterday\"}")]
    public void TryRead_NotAnOutcome_ReturnsFalse(string json)
    {
        Assert.That(DeliveryOutcomeJson.TryRead(json, out var outcome), Is.False);
        Assert.That(outcome, Is.Null);
    }
}
