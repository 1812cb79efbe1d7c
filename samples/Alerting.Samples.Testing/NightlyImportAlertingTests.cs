using Alerting.Notifiers;
using Alerting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Samples.Testing;

/// <summary>
/// What the orders app's alerting does when its nightly import fails, overruns or recovers, checked without a network,
/// an account or a sleep: the app's own configuration runs, with every channel replaced by a recording one and time on
/// a fake clock that the tests move.
/// </summary>
[TestFixture]
public sealed class NightlyImportAlertingTests
{
    private static readonly DateTimeOffset s_night = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private ServiceProvider _app = null!;
    private AlertingTestHarness _alerting = null!;
    private FakeOrderFeed _feed = null!;

    [SetUp]
    public void StartTheApp()
    {
        _feed = new FakeOrderFeed();
        var services = new ServiceCollection();
        services.AddOrdersApp(OrdersApp.Configuration());
        services.AddSingleton<IOrderFeed>(_feed);
        services.AddAlertingTesting(t => t.RecordAllChannels().UseTimeProvider(new FakeTimeProvider(s_night)));
        _app = services.BuildServiceProvider();
        _alerting = _app.GetRequiredService<AlertingTestHarness>();
    }

    [TearDown]
    public async Task StopTheApp() => await _app.DisposeAsync();

    [Test]
    public async Task ImportFails_NotifiesOpsSlackOnceWithTheTitle()
    {
        _feed.FailWith(new IOException("Disk full"));

        await RunImportAsync();
        await _alerting.WaitForIdleAsync();

        var sent = _alerting.Channel("ops-slack").Single();
        Assert.Multiple(() =>
        {
            Assert.That(sent.Kind, Is.EqualTo(NotificationKind.Trigger));
            Assert.That(sent.Title, Is.EqualTo("Nightly import: job.failed at 02:00"));
            Assert.That(sent.Event.Attributes["error_message"], Is.EqualTo("Disk full"));
        });
        _alerting.Channel("on-call-sms").AssertNothingSent();
    }

    [Test]
    public async Task ImportFailureStillOpenTwoHoursLater_EscalatedToOnCallSmsAfterOneHour()
    {
        _feed.FailWith(new IOException("Disk full"));

        await RunImportAsync();
        await _alerting.AdvanceAsync(TimeSpan.FromHours(2));

        var page = _alerting.Channel("on-call-sms").SingleEscalation(level: 1);
        Assert.Multiple(() =>
        {
            Assert.That(page.RecordedAt, Is.EqualTo(s_night.AddHours(1)));
            Assert.That(page.Message, Does.Contain("Escalated to level 1 of 1"));
            Assert.That(page.DedupKey, Is.EqualTo(_alerting.Channel("ops-slack").Single().DedupKey), "the same incident");
        });
    }

    [Test]
    public async Task ImportSucceedsAfterAFailure_ResolvesOnEveryChannelThatWasNotified()
    {
        _feed.FailWith(new IOException("Disk full"));
        await RunImportAsync();
        await _alerting.AdvanceAsync(TimeSpan.FromHours(2));

        _feed.Succeed();
        await RunImportAsync();
        await _alerting.WaitForIdleAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_alerting.Channel("ops-slack").Single(NotificationKind.Resolve).Event.Type, Is.EqualTo(AlertEventTypes.JobFailed), "the failure, resolved");
            Assert.That(_alerting.Channel("on-call-sms").Single(NotificationKind.Resolve).RecordedAt, Is.EqualTo(s_night.AddHours(2)));
        });
    }

    [Test]
    public async Task SlackRejectsTheNotification_OpsEmailGetsDeliveryFailed()
    {
        _feed.FailWith(new IOException("Disk full"));
        _alerting.Channel("ops-slack").FailPermanently(reason: "HTTP 404: no_service");

        await RunImportAsync();
        await _alerting.WaitForIdleAsync();

        var fallback = _alerting.Channel("ops-email").Single();
        Assert.Multiple(() =>
        {
            Assert.That(fallback.Event.Type, Is.EqualTo(AlertEventTypes.DeliveryFailed));
            Assert.That(fallback.Title, Is.EqualTo("Could not notify ops-slack: HTTP 404: no_service"));
            Assert.That(_alerting.Channel("ops-slack").Single().Attempts, Is.EqualTo(1), "a permanent failure is not retried");
        });
    }

    [Test]
    public async Task ImportStillRunningAfterItsMaxRunTime_TimedOutReachesSlackAtNinetyMinutes()
    {
        _feed.Hang();
        var running = RunImportAsync();

        await _alerting.AdvanceAsync(TimeSpan.FromHours(2));

        var timedOut = _alerting.Channel("ops-slack").Single();
        Assert.Multiple(() =>
        {
            Assert.That(timedOut.Title, Is.EqualTo("Nightly import: job.timed_out at 03:30"));
            Assert.That(timedOut.RecordedAt, Is.EqualTo(s_night.AddMinutes(90)));
        });
        _feed.Succeed();
        await running;
    }

    /// <summary>Runs the import as the app's scheduler would; a failed run throws, as the app's scheduler would see.</summary>
    private async Task RunImportAsync()
    {
        try
        {
            await _app.GetRequiredService<NightlyImportJob>().RunAsync();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>An order feed that fails, hangs or succeeds as the test says.</summary>
    private sealed class FakeOrderFeed : IOrderFeed
    {
        private TaskCompletionSource _import = Completed();

        public void FailWith(Exception failure)
        {
            _import = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _import.SetException(failure);
        }

        public void Hang() => _import = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Succeed()
        {
            if (!_import.TrySetResult())
            {
                _import = Completed();
            }
        }

        public Task ImportAsync(CancellationToken cancellationToken) => _import.Task;

        private static TaskCompletionSource Completed()
        {
            var done = new TaskCompletionSource();
            done.SetResult();
            return done;
        }
    }
}
