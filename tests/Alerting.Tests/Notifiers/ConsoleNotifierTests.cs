using Alerting.Notifiers;
using Alerting.Notifiers.Console;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Notifiers;

[TestFixture]
public class ConsoleNotifierTests
{
    private static readonly string s_nl = Environment.NewLine;
    private StringWriter _writer = null!;

    [SetUp]
    public void SetUp() => _writer = new StringWriter();

    [TearDown]
    public void TearDown() => _writer.Dispose();

    private ConsoleNotifier CreateSut(bool includeMessage = true) =>
        new(new ConsoleNotifierOptions { Writer = _writer, IncludeMessage = includeMessage });

    private static Notification Notification(
        NotificationKind kind = NotificationKind.Trigger,
        AlertSeverity severity = AlertSeverity.Error,
        string title = "Job nightly-import failed",
        string message = "Disk full") => new()
        {
            ChannelName = "console-ops",
            Event = Some.Event(),
            Kind = kind,
            Severity = severity,
            DedupKey = "job.failed:nightly-import",
            Title = title,
            Message = message,
        };

    [TestCase(AlertSeverity.Info, "INFO")]
    [TestCase(AlertSeverity.Warning, "WARNING")]
    [TestCase(AlertSeverity.Error, "ERROR")]
    [TestCase(AlertSeverity.Critical, "CRITICAL")]
    public async Task SendAsync_Trigger_WritesTimeSeverityChannelAndTitleLine(AlertSeverity severity, string label)
    {
        var result = await CreateSut(includeMessage: false).SendAsync(Notification(severity: severity), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(_writer.ToString(), Is.EqualTo($"09:12:00 {label,-9} [console-ops] Job nightly-import failed{s_nl}"));
        }
    }

    [TestCase(NotificationKind.Resolve, "RESOLVED")]
    [TestCase(NotificationKind.Test, "TEST")]
    [TestCase(NotificationKind.Acknowledge, "ACKED")]
    public async Task SendAsync_NonTriggerKind_LabelsByKindInsteadOfSeverity(NotificationKind kind, string label)
    {
        await CreateSut().SendAsync(Notification(kind: kind, severity: AlertSeverity.Critical), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(_writer.ToString(), Does.StartWith($"09:12:00 {label} "));
            Assert.That(_writer.ToString(), Does.Not.Contain("CRITICAL"));
        }
    }

    [Test]
    public async Task SendAsync_MultiLineMessage_WritesEachLineIndentedUnderTitle()
    {
        await CreateSut().SendAsync(Notification(message: "Disk full on db-7\r\nRun id: run-42\nAttempt 3"), CancellationToken.None);

        var lines = _writer.ToString().Split(s_nl);
        Assert.That(lines[1..], Is.EqualTo(new[] { "    Disk full on db-7", "    Run id: run-42", "    Attempt 3", string.Empty }));
    }

    [TestCase(false, "Disk full")]
    [TestCase(true, "")]
    public async Task SendAsync_MessageLeftOut_WritesTitleLineOnly(bool includeMessage, string message)
    {
        await CreateSut(includeMessage).SendAsync(Notification(message: message), CancellationToken.None);

        Assert.That(_writer.ToString().Split(s_nl, StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(1));
    }

    [TestCase(AlertSeverity.Info, LogLevel.Information)]
    [TestCase(AlertSeverity.Warning, LogLevel.Warning)]
    [TestCase(AlertSeverity.Error, LogLevel.Error)]
    [TestCase(AlertSeverity.Critical, LogLevel.Critical)]
    public async Task SendAsync_LoggerOutput_LogsAtLevelFollowingSeverity(AlertSeverity severity, LogLevel level)
    {
        using var provider = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        var sut = new ConsoleNotifier(new ConsoleNotifierOptions { Output = ConsoleOutput.Logger, Writer = _writer }, loggerFactory);

        var result = await sut.SendAsync(Notification(kind: NotificationKind.Resolve, severity: severity), CancellationToken.None);

        var record = provider.Collector.GetSnapshot().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsDelivered, Is.True);
            Assert.That(record.Level, Is.EqualTo(level));
            Assert.That(record.Category, Is.EqualTo("Alerting.Console"));
            Assert.That(record.Message, Does.Contain("RESOLVED").And.Contain("[console-ops]").And.Contain("Job nightly-import failed").And.Contain("Disk full"));
            Assert.That(_writer.ToString(), Is.Empty, "logger output does not write to the console");
        }
    }

    [Test]
    public async Task SendAsync_LoggerOutputWithoutMessage_LeavesMessageOut()
    {
        using var provider = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var sut = new ConsoleNotifier(new ConsoleNotifierOptions { Output = ConsoleOutput.Logger, IncludeMessage = false }, loggerFactory);

        await sut.SendAsync(Notification(), CancellationToken.None);

        Assert.That(provider.Collector.LatestRecord.Message, Does.Not.Contain("Disk full"));
    }

    [Test]
    public async Task SendAsync_GroupedNotification_WritesEachAlertsStateAndLineUnderTheMessage()
    {
        var alerts = GroupedNotifications.Three();
        alerts[0] = GroupedNotifications.Alert("db-1", isNew: true, text: "db-1: Disk full\r\non /var");

        await CreateSut().SendAsync(GroupedNotifications.With(Notification(message: "3 alerts in region=eu"), alerts), CancellationToken.None);

        Assert.That(_writer.ToString().Split(s_nl), Is.EqualTo(new[]
        {
            $"09:12:00 ERROR     [console-ops] {GroupedNotifications.Title}",
            "    3 alerts in region=eu",
            "    NEW      db-1: Disk full",
            "    on /var",
            "    FIRING   db-2: Disk 91% full",
            "    RESOLVED db-3: Disk has room again",
            string.Empty,
        }));
    }

    [Test]
    public async Task SendAsync_GroupedNotificationToTheLogger_LogsTheAlertsAfterTheMessage()
    {
        using var provider = new FakeLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(provider));
        var sut = new ConsoleNotifier(new ConsoleNotifierOptions { Output = ConsoleOutput.Logger }, loggerFactory);

        await sut.SendAsync(GroupedNotifications.With(Notification(), GroupedNotifications.Three()), CancellationToken.None);

        Assert.That(provider.Collector.LatestRecord.Message, Does.EndWith(
            "Disk full\nNEW      db-1: Disk full\nFIRING   db-2: Disk 91% full\nRESOLVED db-3: Disk has room again"));
    }

    [Test]
    public void Members_NullArguments_Throw()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(() => new ConsoleNotifier(null!), Throws.ArgumentNullException);
            Assert.That(async () => await CreateSut().SendAsync(null!, CancellationToken.None), Throws.ArgumentNullException);
        }
    }

    [Test]
    public async Task AddConsole_ChannelInRule_WritesPublishedEvent()
    {
        await using var rig = DispatchRig.Create(a => a
            .AddConsole("console", o => o.Writer = _writer)
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("console", x =>
            {
                x.Title = "Import failed";
                x.Message = "Check the import logs";
            })));

        var result = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimerClock.Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.AllDelivered, Is.True);
            Assert.That(_writer.ToString(), Is.EqualTo($"09:12:00 ERROR     [console] Import failed{s_nl}    Check the import logs{s_nl}"));
        }
    }
}
