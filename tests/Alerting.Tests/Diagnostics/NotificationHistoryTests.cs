using Alerting.Incidents.Internal;
using Alerting.Incidents;
using Alerting.Diagnostics;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public class NotificationHistoryTests
{
    private static readonly DateTimeOffset s_start = new(2026, 11, 22, 9, 12, 30, TimeSpan.Zero);
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp() => _time = new FakeTimeProvider(s_start);

    private NotificationHistory CreateSut(int capacity = 1_000) =>
        new(capacity, new InMemoryIncidentStore(), _time);

    private DeliveryOutcome Outcome(
        string? channel = "ops",
        AlertSeverity severity = AlertSeverity.Error,
        DeliveryOutcomeStatus status = DeliveryOutcomeStatus.Delivered,
        string? eventId = null) => new()
        {
            EventId = eventId ?? Some.Name("event"),
            EventType = AlertEventTypes.JobFailed,
            Source = "nightly-import",
            ChannelName = channel,
            Severity = severity,
            Status = status,
            Timestamp = _time.GetUtcNow(),
        };

    [Test]
    public void GetRecent_MoreOutcomesThanCapacity_KeepsNewestFirst()
    {
        var history = CreateSut(capacity: 3);
        var ids = Enumerable.Range(1, 5).Select(i => $"event-{i}").ToArray();
        foreach (var id in ids)
        {
            history.Record(Outcome(eventId: id));
        }

        Assert.That(history.GetRecent().Select(o => o.EventId), Is.EqualTo(new[] { "event-5", "event-4", "event-3" }));
    }

    [TestCase(0, 0)]
    [TestCase(2, 2)]
    [TestCase(10, 4)]
    public void GetRecent_MaxCount_LimitsToWhatIsKept(int maxCount, int expected)
    {
        var history = CreateSut();
        for (var i = 0; i < 4; i++)
        {
            history.Record(Outcome());
        }

        Assert.That(history.GetRecent(maxCount), Has.Count.EqualTo(expected));
    }

    [Test]
    public void GetRecent_NegativeMaxCount_Throws()
    {
        Assert.That(() => CreateSut().GetRecent(-1), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void GetStatistics_MixedOutcomes_CountsByChannelSeverityAndStatus()
    {
        var history = CreateSut();
        history.Record(Outcome("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered));
        history.Record(Outcome("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered));
        history.Record(Outcome("ops", AlertSeverity.Critical, DeliveryOutcomeStatus.Failed));
        history.Record(Outcome("pager", AlertSeverity.Critical, DeliveryOutcomeStatus.Delivered));
        history.Record(Outcome("pager", AlertSeverity.Warning, DeliveryOutcomeStatus.Skipped));
        history.Record(Outcome(null, AlertSeverity.Warning, DeliveryOutcomeStatus.Dropped));

        var stats = history.GetStatistics();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stats.Total, Is.EqualTo(6));
            Assert.That(stats.Count(DeliveryOutcomeStatus.Delivered), Is.EqualTo(3));
            Assert.That(stats.Count(DeliveryOutcomeStatus.Failed), Is.EqualTo(1));
            Assert.That(stats.Count(DeliveryOutcomeStatus.Suppressed), Is.Zero);
            Assert.That(stats.ByChannel["ops"], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Delivered] = 2, [DeliveryOutcomeStatus.Failed] = 1 }));
            Assert.That(stats.ByChannel["PAGER"], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Delivered] = 1, [DeliveryOutcomeStatus.Skipped] = 1 }));
            Assert.That(stats.ByChannel["(queue)"], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Dropped] = 1 }));
            Assert.That(stats.BySeverity[AlertSeverity.Critical], Is.EquivalentTo(new Dictionary<DeliveryOutcomeStatus, long> { [DeliveryOutcomeStatus.Delivered] = 1, [DeliveryOutcomeStatus.Failed] = 1 }));
            Assert.That(stats.BySeverity[AlertSeverity.Error][DeliveryOutcomeStatus.Delivered], Is.EqualTo(2));
            Assert.That(stats.BySeverity.ContainsKey(AlertSeverity.Info), Is.False);
        }
    }

    [Test]
    public void GetStatistics_ClockAdvances_MinutesRollOutOfThe24HourWindow()
    {
        var history = CreateSut();
        history.Record(Outcome());
        _time.Advance(TimeSpan.FromHours(1));
        history.Record(Outcome());

        _time.Advance(TimeSpan.FromHours(23) - TimeSpan.FromMinutes(1));
        var justInside = history.GetStatistics().Total;
        _time.Advance(TimeSpan.FromMinutes(1));
        var firstRolledOut = history.GetStatistics().Total;
        _time.Advance(TimeSpan.FromHours(1));
        var bothRolledOut = history.GetStatistics().Total;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(justInside, Is.EqualTo(2));
            Assert.That(firstRolledOut, Is.EqualTo(1));
            Assert.That(bothRolledOut, Is.Zero);
            Assert.That(history.GetRecent(), Has.Count.EqualTo(2), "the recent list is bounded by count, not time");
        }
    }

    [Test]
    public void GetStatistics_SameMinuteOfTheNextDay_DoesNotCarryYesterdaysCount()
    {
        var history = CreateSut();
        history.Record(Outcome());
        history.Record(Outcome());
        _time.Advance(TimeSpan.FromDays(1));
        history.Record(Outcome());

        Assert.That(history.GetStatistics().Total, Is.EqualTo(1));
    }

    [Test]
    public void GetStatistics_OneHourWindow_CountsOnlyTheLastHourFromTheMinute()
    {
        var history = CreateSut();
        history.Record(Outcome());
        _time.Advance(TimeSpan.FromMinutes(90));
        history.Record(Outcome());

        var stats = history.GetStatistics(TimeSpan.FromHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(stats.Total, Is.EqualTo(1));
            Assert.That(stats.Until, Is.EqualTo(_time.GetUtcNow()));
            Assert.That(stats.Since, Is.EqualTo(new DateTimeOffset(2026, 11, 22, 9, 43, 0, TimeSpan.Zero)));
        }
    }

    [TestCase(0)]
    [TestCase(-60)]
    [TestCase(24 * 60 + 1)]
    public void GetStatistics_WindowOutOfRange_Throws(int minutes)
    {
        Assert.That(() => CreateSut().GetStatistics(TimeSpan.FromMinutes(minutes)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public async Task History_AfterPublishing_HoldsTheOutcomesOfTheRealPipeline()
    {
        await using var rig = DispatchRig.Create(a => a
            .Configure(o => o.HistoryCapacity = 2)
            .AddRecording("ops", out _)
            .AddRecording("off", out _)
            .ConfigureChannel("off", c => c.Enabled = false)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops").Notify("off")));
        var first = Some.Problem(severity: AlertSeverity.Critical);
        var second = Some.Problem(severity: AlertSeverity.Critical);

        await rig.Publisher.PublishAndWaitAsync(first).WaitAsync(TimerClock.Guard);
        await rig.Publisher.PublishAndWaitAsync(second).WaitAsync(TimerClock.Guard);

        var stats = rig.History.GetStatistics();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rig.History.GetRecent().Select(o => o.EventId), Is.All.EqualTo(second.Id));
            Assert.That(stats.ByChannel["ops"][DeliveryOutcomeStatus.Delivered], Is.EqualTo(2));
            Assert.That(stats.ByChannel["off"][DeliveryOutcomeStatus.Skipped], Is.EqualTo(2));
            Assert.That(stats.BySeverity[AlertSeverity.Critical].Values.Sum(), Is.EqualTo(4));
        }
    }

    [Test]
    public async Task GetStatisticsAsync_OneHourWindow_AsksTheStoreForTheWholeMinutesUpToNow()
    {
        var store = new AskedStore();
        var history = new NotificationHistory(store, new InMemoryIncidentStore(), _time);

        var stats = await history.GetStatisticsAsync(TimeSpan.FromHours(1));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(store.Asked, Is.EqualTo((new DateTimeOffset(2026, 11, 22, 8, 13, 0, TimeSpan.Zero), s_start)));
            Assert.That(stats.Total, Is.EqualTo(3));
            Assert.That(stats.ByChannel["(queue)"][DeliveryOutcomeStatus.Dropped], Is.EqualTo(1), "a dropped event's null channel shows as (queue)");
            Assert.That(stats.ByChannel["ops"][DeliveryOutcomeStatus.Delivered], Is.EqualTo(2), "counts of one channel add up");
        }
    }

    [Test]
    public async Task History_StoreRegisteredByTheApp_TakesTheOutcomesAndAnswersTheReads()
    {
        var store = new InMemoryNotificationHistoryStore(10);
        await using var rig = DispatchRig.Create(
            a => a.AddRecording("ops", out _).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")),
            s => s.AddSingleton<INotificationHistoryStore>(store));
        var problem = Some.Problem();

        await rig.Publisher.PublishAndWaitAsync(problem).WaitAsync(TimerClock.Guard);

        var fromStore = await store.GetRecentAsync(10);
        var recent = await rig.History.GetRecentAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fromStore.Select(o => o.EventId), Is.EqualTo(new[] { problem.Id }));
            Assert.That(recent, Is.EqualTo(fromStore));
            Assert.That(rig.History.GetRecent(), Is.EqualTo(fromStore), "the synchronous read answers from the same store");
        }
    }

    [Test]
    public async Task Record_StoreThrows_DeliveryGoesOnAndTheFailureIsLogged()
    {
        await using var rig = DispatchRig.Create(
            a => a.AddRecording("ops", out _).AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops")),
            s => s.AddSingleton<INotificationHistoryStore>(new ThrowingStore()).AddLogging(b => b.AddFakeLogging()));

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var logs = rig.Harness.Provider.GetFakeLogCollector().GetSnapshot();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Select(o => o.Status), Is.EqualTo(new[] { DeliveryOutcomeStatus.Delivered }));
            Assert.That(logs.Where(r => r.Id.Id == 1030).Select(r => r.Message), Is.EqualTo(new[] { "The notification history store threw InvalidOperationException on an outcome; delivery goes on, the outcome is missing from the history." }));
        }
    }

    /// <summary>Remembers the window it was asked for and answers with fixed counts.</summary>
    private sealed class AskedStore : INotificationHistoryStore
    {
        public (DateTimeOffset Since, DateTimeOffset Until) Asked { get; private set; }

        public void Append(DeliveryOutcome outcome)
        {
        }

        public ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default) => new([]);

        public ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default)
        {
            Asked = (since, until);
            return new(
            [
                new NotificationCount("ops", AlertSeverity.Error, DeliveryOutcomeStatus.Delivered, 1),
                new NotificationCount("OPS", AlertSeverity.Critical, DeliveryOutcomeStatus.Delivered, 1),
                new NotificationCount(null, AlertSeverity.Error, DeliveryOutcomeStatus.Dropped, 1),
            ]);
        }
    }

    private sealed class ThrowingStore : INotificationHistoryStore
    {
        public void Append(DeliveryOutcome outcome) => throw new InvalidOperationException("store broken");

        public ValueTask<IReadOnlyList<DeliveryOutcome>> GetRecentAsync(int maxCount, CancellationToken cancellationToken = default) => new([]);

        public ValueTask<IReadOnlyList<NotificationCount>> GetCountsAsync(DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken = default) => new([]);
    }
}
