using Alerting.Dispatch.Internal;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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

    private static AlertingHarness Harness(string directory, out RecordingSink sink, Action<AlertingOptions>? configure = null)
    {
        RecordingSink? recorded = null;
        var harness = AlertingHarness.Create(a => a
            .Configure(o =>
            {
                o.Outbox.Directory = directory;
                configure?.Invoke(o);
            })
            .AddRecording("ops", out recorded)
            .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops")));
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
    /// while it hangs, then stops with no drain time: the event is left pending in the outbox.
    /// </summary>
    private static async Task<AlertEvent> LeavePendingAsync(string directory, Action? whileDelivering = null)
    {
        var original = Failure();
        await using var first = Harness(directory, out var hanging, o => o.DrainTimeout = TimeSpan.Zero);
        hanging.Respond = async (_, token) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return DeliveryResult.Delivered();
        };
        await first.Publisher.PublishAsync(original);
        await WaitForAsync(() => hanging.Received.Count == 1);
        whileDelivering?.Invoke();
        return original;
    }

    /// <summary>Starts Alerting again on <paramref name="directory"/> and waits for <paramref name="expected"/> replayed notifications.</summary>
    private static async Task<(AlertingHarness Harness, RecordingSink Sink)> RestartAsync(string directory, int expected)
    {
        var harness = Harness(directory, out var sink);
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

        var (second, sink) = await RestartAsync(_directory, 1);
        await using (second)
        {
            Assert.Multiple(() =>
            {
                Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(new[] { original.Id }));
                Assert.That(File.ReadAllText(OutboxFile), Does.Not.Contain("torn"), "the torn line is gone after the rewrite");
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
