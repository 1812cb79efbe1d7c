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

    /// <summary>A notifier that never answers until Alerting aborts it: the process "dies" while it delivers.</summary>
    private static void Hang(RecordingSink sink) => sink.Respond = async (_, token) =>
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, token);
        return DeliveryResult.Delivered();
    };

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
        var crashed = Path.Combine(_directory, "after-crash");
        var original = Failure();
        await using (var first = Harness(_directory, out var hanging, o => o.DrainTimeout = TimeSpan.Zero))
        {
            Hang(hanging);
            await first.Publisher.PublishAsync(original);
            await WaitForAsync(() => hanging.Received.Count == 1);

            // The process dies here: what it left on disk is all the next start gets.
            Directory.CreateDirectory(crashed);
            File.Copy(OutboxFile, Path.Combine(crashed, FileOutbox.FileName));
        }

        await using var second = Harness(crashed, out var sink);
        await StartAsync(second);
        await WaitForAsync(() => sink.Received.Count == 1);

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

    [Test]
    public async Task Stop_ThatRunsOutOfDrainTime_KeepsTheEventForTheNextStart()
    {
        var original = Failure();
        await using (var first = Harness(_directory, out var hanging, o => o.DrainTimeout = TimeSpan.Zero))
        {
            Hang(hanging);
            await first.Publisher.PublishAsync(original);
            await WaitForAsync(() => hanging.Received.Count == 1);
        }

        await using var second = Harness(_directory, out var sink);
        await StartAsync(second);
        await WaitForAsync(() => sink.Received.Count == 1);

        Assert.That(sink.Received.Single().Event.Id, Is.EqualTo(original.Id));
    }

    [Test]
    public async Task Recover_TornLastLine_IsSkippedAndTheEventsBeforeItAreDispatched()
    {
        var original = Failure();
        await using (var first = Harness(_directory, out var hanging, o => o.DrainTimeout = TimeSpan.Zero))
        {
            Hang(hanging);
            await first.Publisher.PublishAsync(original);
            await WaitForAsync(() => hanging.Received.Count == 1);
        }

        await File.AppendAllTextAsync(OutboxFile, """{"add":{"id":"torn","type":"job.fai""");
        await using var second = Harness(_directory, out var sink);
        await StartAsync(second);
        await WaitForAsync(() => sink.Received.Count == 1);

        Assert.Multiple(() =>
        {
            Assert.That(sink.Received.Select(n => n.Event.Id), Is.EqualTo(new[] { original.Id }));
            Assert.That(File.ReadAllText(OutboxFile), Does.Not.Contain("torn"), "the torn line is gone after the rewrite");
        });
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
