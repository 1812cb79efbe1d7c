using Alerting.Diagnostics;
using Alerting.Notifiers;

namespace Alerting.Tests.Diagnostics;

/// <summary>
/// What every <see cref="INotificationHistoryStore"/> must do: keep the latest outcomes newest first, whole, and count
/// them per minute by channel, severity and status; replicas sharing a store see each other's. Compiled into the unit
/// tests (the in-memory store) and the integration tests (the Redis store), so both pass the same contract.
/// </summary>
public abstract class NotificationHistoryStoreContractTests
{
    private static readonly DateTimeOffset s_start = new(2026, 12, 3, 9, 12, 30, TimeSpan.Zero);
    private int _events;

    /// <summary><paramref name="count"/> replicas' stores over one shared history (the same store, for an in-process one).</summary>
    private protected abstract IReadOnlyList<INotificationHistoryStore> CreateReplicas(int count, int capacity = 1_000);

    /// <summary>Makes what was appended readable: a buffering store writes it out.</summary>
    private protected virtual Task SettleAsync(IReadOnlyList<INotificationHistoryStore> replicas) => Task.CompletedTask;

    private DeliveryOutcome Outcome(
        string? channel = "ops",
        AlertSeverity severity = AlertSeverity.Error,
        DeliveryOutcomeStatus status = DeliveryOutcomeStatus.Delivered,
        DateTimeOffset? at = null,
        string? eventId = null) => new()
        {
            EventId = eventId ?? $"event-{Interlocked.Increment(ref _events)}",
            EventType = AlertEventTypes.JobFailed,
            Source = "nightly-import",
            ChannelName = channel,
            Severity = severity,
            Status = status,
            Timestamp = at ?? s_start,
        };

    [Test]
    public async Task GetRecent_MoreOutcomesThanCapacity_KeepsTheNewestFirst()
    {
        var replicas = CreateReplicas(1, capacity: 3);
        for (var i = 1; i <= 5; i++)
        {
            replicas[0].Append(Outcome(eventId: $"event-{i}", at: s_start.AddSeconds(i)));
        }

        await SettleAsync(replicas);
        var recent = await replicas[0].GetRecentAsync(10);

        Assert.That(recent.Select(o => o.EventId), Is.EqualTo(new[] { "event-5", "event-4", "event-3" }));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    [TestCase(10, 4)]
    public async Task GetRecent_MaxCount_LimitsToWhatIsKept(int maxCount, int expected)
    {
        var replicas = CreateReplicas(1);
        for (var i = 0; i < 4; i++)
        {
            replicas[0].Append(Outcome(at: s_start.AddSeconds(i)));
        }

        await SettleAsync(replicas);

        Assert.That(await replicas[0].GetRecentAsync(maxCount), Has.Count.EqualTo(expected));
    }

    [Test]
    public async Task GetRecent_FullOutcome_ComesBackWithEveryField()
    {
        var replicas = CreateReplicas(1);
        var outcome = new DeliveryOutcome
        {
            EventId = "evt-1",
            EventType = AlertEventTypes.JobFailed,
            Source = "billing",
            RuleName = "failures",
            ChannelName = "sms",
            Severity = AlertSeverity.Critical,
            Status = DeliveryOutcomeStatus.Failed,
            Reason = "1 of 2 recipients failed",
            ReasonTag = DeliveryReasonTags.Permanent,
            Attempts = 3,
            Timestamp = s_start,
            Duration = TimeSpan.FromMilliseconds(1234.5678),
            Title = "Import failed",
            IncidentId = "inc-7",
            EscalationLevel = 2,
            Recipients = [new RecipientResult("+*******4567", DeliveryStatus.Delivered, null, 1), new RecipientResult("+*******0001", DeliveryStatus.PermanentFailure, "unknown number", 2)],
        };

        replicas[0].Append(outcome);
        await SettleAsync(replicas);
        var read = (await replicas[0].GetRecentAsync(1)).Single();

        using (Assert.EnterMultipleScope())
        {
            foreach (var property in typeof(DeliveryOutcome).GetProperties().Where(p => p.Name != nameof(DeliveryOutcome.Recipients)))
            {
                Assert.That(property.GetValue(read), Is.EqualTo(property.GetValue(outcome)), property.Name);
            }

            Assert.That(read.Recipients, Is.EqualTo(outcome.Recipients));
        }
    }

    [Test]
    public async Task GetCounts_MixedOutcomes_CountsByChannelSeverityAndStatus()
    {
        var replicas = CreateReplicas(1);
        replicas[0].Append(Outcome("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered));
        replicas[0].Append(Outcome("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered));
        replicas[0].Append(Outcome("ops", AlertSeverity.Critical, DeliveryOutcomeStatus.Failed));
        replicas[0].Append(Outcome("pager", AlertSeverity.Warning, DeliveryOutcomeStatus.Skipped));
        replicas[0].Append(Outcome(null, AlertSeverity.Warning, DeliveryOutcomeStatus.Dropped));

        await SettleAsync(replicas);
        var counts = await replicas[0].GetCountsAsync(s_start, s_start);

        Assert.That(counts, Is.EquivalentTo(new[]
        {
            new NotificationCount("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered, 2),
            new NotificationCount("ops", AlertSeverity.Critical, DeliveryOutcomeStatus.Failed, 1),
            new NotificationCount("pager", AlertSeverity.Warning, DeliveryOutcomeStatus.Skipped, 1),
            new NotificationCount(null, AlertSeverity.Warning, DeliveryOutcomeStatus.Dropped, 1),
        }));
    }

    [Test]
    public async Task GetCounts_OutcomesOverSeveralMinutes_CountsOnlyTheWholeMinutesAsked()
    {
        var replicas = CreateReplicas(1);
        var minute = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
        replicas[0].Append(Outcome(at: minute.AddSeconds(59)));             // 09:00
        replicas[0].Append(Outcome(at: minute.AddMinutes(1)));              // 09:01
        replicas[0].Append(Outcome(at: minute.AddMinutes(2).AddSeconds(59))); // 09:02
        replicas[0].Append(Outcome(at: minute.AddMinutes(3)));              // 09:03

        await SettleAsync(replicas);
        var counts = await replicas[0].GetCountsAsync(minute.AddMinutes(1).AddSeconds(30), minute.AddMinutes(2).AddSeconds(1));

        Assert.That(counts.Sum(c => c.Count), Is.EqualTo(2), "09:01 and 09:02, whichever seconds the window's ends have");
    }

    [Test]
    public async Task GetCounts_NothingInTheWindow_ReturnsNoCounts()
    {
        var replicas = CreateReplicas(1);
        replicas[0].Append(Outcome(at: s_start));

        await SettleAsync(replicas);

        Assert.That(await replicas[0].GetCountsAsync(s_start.AddHours(1), s_start.AddHours(2)), Is.Empty);
    }

    [Test]
    public async Task Replicas_EachAppend_EverySeesAllOutcomesAndTheSummedCounts()
    {
        var replicas = CreateReplicas(2);
        replicas[0].Append(Outcome(eventId: "a-1", at: s_start));
        replicas[1].Append(Outcome(eventId: "b-1", at: s_start.AddSeconds(1)));
        replicas[0].Append(Outcome(eventId: "a-2", at: s_start.AddSeconds(2), status: DeliveryOutcomeStatus.Failed));

        await SettleAsync(replicas);

        foreach (var replica in replicas)
        {
            var recent = await replica.GetRecentAsync(10);
            var counts = await replica.GetCountsAsync(s_start, s_start.AddMinutes(1));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(recent.Select(o => o.EventId), Is.EqualTo(new[] { "a-2", "b-1", "a-1" }));
                Assert.That(counts, Is.EquivalentTo(new[]
                {
                    new NotificationCount("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered, 2),
                    new NotificationCount("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Failed, 1),
                }));
            }
        }
    }
}
