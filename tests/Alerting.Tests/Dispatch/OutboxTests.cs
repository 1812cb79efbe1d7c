using System.Text.Json;
using Alerting.Dispatch.Internal;
using Alerting.Dispatch;
using Alerting.Incidents;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Dispatch;

/// <summary>The durable outbox: accepted events survive a crash or a stop that runs out of time, and are dispatched again once.</summary>
[TestFixture]
public sealed class OutboxTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("alerting-outbox-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string OutboxFile => Path.Combine(_directory, FileOutbox.FileName);

    /// <summary>Alerting with the outbox in <paramref name="directory"/>; the rule tracks incidents in <paramref name="incidents"/> when one is given (a store that outlives the process).</summary>
    private static AlertingHarness Harness(string directory, out RecordingSink sink, Action<AlertingOptions>? configure = null, Action<IServiceCollection>? services = null, IIncidentStore? incidents = null)
    {
        RecordingSink? recorded = null;
        var harness = AlertingHarness.Create(
            a => a
                .Configure(o =>
                {
                    o.Outbox.Directory = directory;
                    configure?.Invoke(o);
                })
                .AddRecording("ops", out recorded)
                .AddRule("all", r =>
                {
                    r.ForTypes(AlertEventTypes.JobFailed).Notify("ops");
                    if (incidents is null)
                    {
                        r.WithoutIncidents();
                    }
                }),
            s =>
            {
                services?.Invoke(s);
                if (incidents is not null)
                {
                    s.AddSingleton(incidents);
                }
            });
        sink = recorded!;
        return harness;
    }

    private static AlertEvent Failure() => new(AlertEventTypes.JobFailed, "nightly-import", AlertSeverity.Critical, "Disk \"full\"\non db-1")
    {
        Environment = "production",
        DedupKey = "import-disk",
        Url = new Uri("https://ci.example.com/runs/42"),
        Attributes = new Dictionary<string, object?> { ["rows"] = 42, ["region"] = "eu-west-1", ["ratio"] = 0.5, ["retried"] = true },
    };

    private static async Task StartAsync(AlertingHarness harness)
    {
        foreach (var hosted in harness.Provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = new CancellationTokenSource(TimerClock.Guard);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(5), guard.Token);
        }
    }

    /// <summary>
    /// Publishes an event to a notifier that never answers until Alerting aborts it, runs <paramref name="whileDelivering"/>
    /// while it hangs, then stops with no drain time and the host's stop token already spent (so the request in flight
    /// is ended too): the event is left pending in the outbox.
    /// </summary>
    private static async Task<AlertEvent> LeavePendingAsync(string directory, Action? whileDelivering = null, IIncidentStore? incidents = null)
    {
        var original = Failure();
        await using var first = Harness(directory, out var hanging, o => o.DrainTimeout = TimeSpan.Zero, incidents: incidents);
        hanging.Respond = async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return DeliveryResult.Delivered();
        };
        await first.Publisher.PublishAsync(original);
        await WaitForAsync(() => hanging.Received.Count == 1);
        whileDelivering?.Invoke();
        await first.Get<AlertDispatcher>().StopAsync(new CancellationToken(canceled: true));
        return original;
    }

    /// <summary>Starts Alerting again on <paramref name="directory"/> and waits for <paramref name="expected"/> replayed notifications.</summary>
    private static async Task<(AlertingHarness Harness, RecordingSink Sink)> RestartAsync(string directory, int expected, Action<IServiceCollection>? services = null, IIncidentStore? incidents = null)
    {
        var harness = Harness(directory, out var sink, services: services, incidents: incidents);
        await StartAsync(harness);
        await WaitForAsync(() => sink.Received.Count == expected);
        return (harness, sink);
    }

    [Test]
    public async Task Publish_DeliveredEvent_IsMarkedDoneAndNeverDispatchedAgain()
    {
        await using (var first = Harness(_directory, out _))
        {
            var result = await first.Publisher.PublishAndWaitAsync(Failure());
            Assert.That(result.AllDelivered, Is.True);
        }

        await using var second = Harness(_directory, out var sink);
        await StartAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(sink.Received, Is.Empty);
            Assert.That(File.ReadAllText(OutboxFile), Is.Empty, "compacted at start: nothing pending");
        });
    }

    [Test]
    public async Task Crash_WhileDelivering_TheNextStartDispatchesTheEventOnceWithEverythingItCarried()
    {
        // The process dies while delivering: what it left on disk (copied aside then) is all the next start gets.
        var crashed = Path.Combine(_directory, "after-crash");
        var original = await LeavePendingAsync(_directory, () =>
        {
            Directory.CreateDirectory(crashed);
            File.Copy(OutboxFile, Path.Combine(crashed, FileOutbox.FileName));
        });

        var (second, sink) = await RestartAsync(crashed, 1);
        await using (second)
        {
            var replayed = sink.Received.Single().Event;
            Assert.Multiple(() =>
            {
                Assert.That(replayed.Id, Is.EqualTo(original.Id));
                Assert.That(replayed.Type, Is.EqualTo(original.Type));
                Assert.That(replayed.Source, Is.EqualTo(original.Source));
                Assert.That(replayed.Severity, Is.EqualTo(AlertSeverity.Critical));
                Assert.That(replayed.Message, Is.EqualTo(original.Message));
                Assert.That(replayed.Timestamp, Is.EqualTo(original.Timestamp));
                Assert.That(replayed.Environment, Is.EqualTo("production"));
                Assert.That(replayed.DedupKey, Is.EqualTo("import-disk"));
                Assert.That(replayed.Url, Is.EqualTo(original.Url));
                Assert.That(replayed.Attributes["rows"], Is.EqualTo(42L));
                Assert.That(replayed.Attributes["region"], Is.EqualTo("eu-west-1"));
                Assert.That(replayed.Attributes["ratio"], Is.EqualTo(0.5));
                Assert.That(replayed.Attributes["retried"], Is.EqualTo(true));
            });
        }
    }

    [Test]
    public async Task Crash_WithAnIncidentStoreThatOutlivesTheProcess_TheOpeningNotificationIsSentAgainAndLaterDuplicatesAreNot()
    {
        // A store shared with other instances (Redis, say) keeps the incident the crashed process opened: replaying the
        // event that opened it must still send its notification, which never had an outcome; a later duplicate is not.
        var store = new InMemoryIncidentStore();
        var original = await LeavePendingAsync(_directory, incidents: store);

        var (second, sink) = await RestartAsync(_directory, 1, incidents: store);
        await using (second)
        {
            var duplicate = await second.Publisher.PublishAndWaitAsync(Failure());
            Assert.Multiple(() =>
            {
                Assert.That(sink.Received.Single().Event.Id, Is.EqualTo(original.Id));
                Assert.That(duplicate.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Suppressed));
                Assert.That(store.OpenCount, Is.EqualTo(1));
            });
        }
    }

    [Test]
    public async Task Stop_ThatRunsOutOfDrainTime_KeepsTheEventForTheNextStart()
    {
        var original = await LeavePendingAsync(_directory);

        var (second, sink) = await RestartAsync(_directory, 1);
        await using (second)
        {
            Assert.That(sink.Received.Single().Event.Id, Is.EqualTo(original.Id));
        }
    }

    [Test]
    public async Task Recover_TornLastLine_IsSkippedAndTheEventsBeforeItAreDispatched()
    {
        var original = await LeavePendingAsync(_directory);
        await File.AppendAllTextAsync(OutboxFile, """{"add":{"id":"torn","type":"job.fai""");

        var (second, sink) = await RestartAsync(_directory, 1, s => s.AddLogging(b => b.AddFakeLogging()));
        await using (second)
        {
            var skipped = second.Provider.GetFakeLogCollector().GetSnapshot().Single(l => l.Id.Id == 1014);
            Assert.Multiple(() =>
            {
                Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(new[] { original.Id }));
                Assert.That(skipped.Message, Does.StartWith("Skipped line 2 of the outbox").And.Contains("cut short"));
                Assert.That(File.ReadAllText(OutboxFile), Does.Not.Contain("torn"), "the torn line is gone after the rewrite");
            });
        }
    }

    [TestCase("""{"done": 5}""", "\"done\" is a JSON number, not an event id")]
    [TestCase("""{"add": 5}""", "\"add\" is a JSON number, not an event object")]
    [TestCase("""[1,2,3]""", "a JSON array, not an object with \"add\" or \"done\"")]
    [TestCase("""{"ok": true}""", "an object with neither \"add\" nor \"done\"")]
    [TestCase("""{"add":{"id":"x","source":"s","timestamp":"2026-01-01T00:00:00Z"}}""", "\"add\" event has no \"type\" string")]
    [TestCase("""{"add":{"id":"x","type":"t","source":"s","timestamp":"yesterday"}}""", "\"add\" event has no \"timestamp\" that is an ISO 8601 time")]
    [TestCase("""{"add":{"id":"x","type":"t","source":"s","timestamp":"2026-01-01T00:00:00Z","url":"not a url"}}""", "\"add\" event has a \"url\" that is not an absolute URL")]
    [TestCase("not json {", "not valid JSON")]
    public async Task Recover_IllShapedLine_IsSkippedNamedAndKeptAsideWhileTheOtherEventsAreDispatched(string line, string problem)
    {
        // Issue 15: such a line used to stop the host from starting, with every pending event waiting.
        var original = await LeavePendingAsync(_directory);
        File.WriteAllLines(OutboxFile, [line, .. File.ReadAllLines(OutboxFile)]);

        var (second, sink) = await RestartAsync(_directory, 1, s => s.AddLogging(b => b.AddFakeLogging()));
        await using (second)
        {
            var logs = second.Provider.GetFakeLogCollector().GetSnapshot();
            var rejected = File.ReadAllLines(Path.Combine(_directory, FileOutbox.RejectedFileName));
            Assert.Multiple(() =>
            {
                Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(new[] { original.Id }));
                Assert.That(logs.Where(l => l.Id.Id == 1014).Select(l => l.Message), Is.EqualTo(new[] { $"Skipped line 1 of the outbox {OutboxFile}: {problem}." }));
                Assert.That(logs.Where(l => l.Id.Id == 1012).Select(l => l.Message), Has.One.Contains("1 line(s) that could not be read").And.Contains(FileOutbox.RejectedFileName));
                Assert.That(rejected, Has.Length.EqualTo(1));
                Assert.That(JsonDocument.Parse(rejected[0]).RootElement.GetProperty("text").GetString(), Is.EqualTo(line));
                Assert.That(JsonDocument.Parse(rejected[0]).RootElement.GetProperty("line").GetInt32(), Is.EqualTo(1));
                Assert.That(File.ReadAllText(OutboxFile), Does.Not.Contain(line), "the rewrite keeps only the pending events");
            });
        }
    }

    [Test]
    public async Task Recover_ManyBadLines_LogsTheFirstHundredOneByOneAndKeepsEveryLineAside()
    {
        var original = await LeavePendingAsync(_directory);
        File.WriteAllLines(OutboxFile, [.. Enumerable.Repeat("""{"done": 5}""", 250), .. File.ReadAllLines(OutboxFile)]);

        var (second, sink) = await RestartAsync(_directory, 1, s => s.AddLogging(b => b.AddFakeLogging()));
        await using (second)
        {
            var logs = second.Provider.GetFakeLogCollector().GetSnapshot();
            Assert.Multiple(() =>
            {
                Assert.That(sink.Received.Single().Event.Id, Is.EqualTo(original.Id));
                Assert.That(logs.Count(l => l.Id.Id == 1014), Is.EqualTo(FileOutbox.MaxLinesLogged));
                Assert.That(logs.Single(l => l.Id.Id == 1012).Message, Does.Contain("250 line(s)"));
                Assert.That(File.ReadAllLines(Path.Combine(_directory, FileOutbox.RejectedFileName)), Has.Length.EqualTo(250));
            });
        }
    }

    [Test]
    public async Task Publish_ManyEvents_TheFileIsCompactedAsTheyFinish()
    {
        await using var harness = Harness(_directory, out _, o => o.Outbox.CompactAfter = 5);

        for (var i = 0; i < 23; i++)
        {
            await harness.Publisher.PublishAndWaitAsync(Failure());
        }

        Assert.That(File.ReadAllLines(OutboxFile), Has.Length.LessThanOrEqualTo(10), "at most CompactAfter adds and dones since the last rewrite");
    }

    [Test]
    public void Validate_OutboxDirectoryIsAFile_NamesTheSetting()
    {
        var file = Path.Combine(_directory, "not-a-folder");
        File.WriteAllText(file, string.Empty);

        var problems = AlertingHarness.Create(a => a.Configure(o => o.Outbox.Directory = file)).Get<Alerting.Diagnostics.IAlertingTester>().Validate();

        Assert.That(problems, Has.Some.EqualTo($"Alerting: Outbox.Directory '{file}' is a file, not a folder."));
    }

    [Test]
    public void Validate_CompactAfterBelowOne_NamesTheSetting()
    {
        var problems = AlertingHarness.Create(a => a.Configure(o =>
        {
            o.Outbox.Directory = _directory;
            o.Outbox.CompactAfter = 0;
        })).Get<Alerting.Diagnostics.IAlertingTester>().Validate();

        Assert.That(problems, Has.Some.EqualTo("Alerting: Outbox.CompactAfter must be at least 1 (was 0)."));
    }
}
