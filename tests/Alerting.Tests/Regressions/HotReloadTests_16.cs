using System.Collections.Concurrent;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Alerting.Tests.Regressions;

/// <summary>
/// Issue 16: configuration that reloads. A reload-on-change appsettings.json is edited while events flow: the new
/// rules, templates and channel options (a secret among them) apply to events published after the change, nothing in
/// flight is lost, and a broken edit is reported while the previous configuration keeps running.
/// </summary>
[TestFixture]
public class HotReloadTests_16
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private string _directory = null!;

    /// <summary>What the <c>echo</c> channels received (the channel's token when it sent, and the title), and a gate that can hold deliveries.</summary>
    public sealed class EchoSink
    {
        public ConcurrentQueue<(string Channel, string? Token, string Title)> Received { get; } = new();

        /// <summary>Gets or sets a gate deliveries wait at (in flight) until it opens; none by default.</summary>
        public TaskCompletionSource? Gate { get; set; }
    }

    public sealed class EchoOptions
    {
        public string? Token { get; set; }
    }

    /// <summary>A notifier whose channel has a secret, to see which secret a delivery used.</summary>
    public sealed class EchoNotifier(EchoOptions options, EchoSink sink) : INotifier
    {
        public NotifierCapabilities Capabilities => NotifierCapabilities.PlainText;

        public async ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
        {
            if (sink.Gate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            sink.Received.Enqueue((notification.ChannelName, options.Token, notification.Title));
            return DeliveryResult.Delivered();
        }
    }

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("alerting-reload-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string SettingsPath => Path.Combine(_directory, "appsettings.json");

    /// <summary>Replaces the settings file in one step, as an editor saving it would, so no reader sees half of it.</summary>
    private void WriteSettings(string title, string token, string extraRules = "")
    {
        var next = Path.Combine(_directory, "appsettings.next");
        File.WriteAllText(next, $$"""
            {
              "Alerting": {
                "Channels": { "ops": { "Type": "echo", "Token": "{{token}}" } },
                "Rules": {
                  "failures": { "EventTypes": [ "job.failed" ], "Incidents": { "Enabled": false }, "Actions": [ { "Channel": "ops", "Title": "{{title}}" } ] }{{extraRules}}
                }
              }
            }
            """);
        File.Move(next, SettingsPath, overwrite: true);
    }

    [Test]
    public async Task ReloadOnChange_EditsWhileEventsFlow_NewRulesTemplatesAndSecretsApplyNothingIsLostAndABrokenEditKeepsTheLastGood()
    {
        WriteSettings("v1 {source}", "t0k3n-one");
        var configuration = new ConfigurationBuilder().AddJsonFile(SettingsPath, optional: false, reloadOnChange: true).Build();
        var signal = new LogSignal();
        var services = new ServiceCollection()
            .AddSingleton<EchoSink>()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(signal))
            .AddAlerting(configuration.GetSection("Alerting"), a => a.AddNotifierType<EchoNotifier, EchoOptions>());
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IAlertPublisher>();
        var tester = provider.GetRequiredService<IAlertingTester>();
        var sink = provider.GetRequiredService<EchoSink>();

        var first = await publisher.PublishAndWaitAsync(Failure("before")).WaitAsync(Guard);

        // Events keep flowing while the file changes, their deliveries held in flight until the change has been applied:
        // each must be delivered, on the configuration it was routed by (its template and its secret).
        sink.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var flowing = Enumerable.Range(0, 200).Select(i => publisher.PublishAndWaitAsync(Failure($"during-{i}"))).ToList();
        WriteSettings("v2 {source}", "t0k3n-two", """
            ,
                  "timeouts": { "EventTypes": [ "job.timed_out" ], "Incidents": { "Enabled": false }, "Actions": [ { "Channel": "ops", "Title": "late {source}" } ] }
            """);
        var applied = await signal.NextAsync(1018, Guard);
        sink.Gate.SetResult();
        var during = await Task.WhenAll(flowing).WaitAsync(Guard);
        var after = await publisher.PublishAndWaitAsync(Failure("after")).WaitAsync(Guard);
        var timedOut = await publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobTimedOut, "slow-job", AlertSeverity.Error, "Ran too long")).WaitAsync(Guard);

        WriteSettings("{unclosed", "t0k3n-three");
        var rejected = await signal.NextAsync(1019, Guard);
        var afterBrokenEdit = await publisher.PublishAndWaitAsync(Failure("still")).WaitAsync(Guard);

        var received = sink.Received.ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(received, Does.Contain(("ops", "t0k3n-one", "v1 before")));
            Assert.That(applied, Does.Contain("Configuration 2 applied"));
            Assert.That(during.SelectMany(r => r.Outcomes).Select(o => o.Status), Has.Exactly(200).EqualTo(DeliveryOutcomeStatus.Delivered), "nothing in flight is lost");
            Assert.That(received.Where(r => r.Title.StartsWith("v1 during-", StringComparison.Ordinal) || r.Title.StartsWith("v2 during-", StringComparison.Ordinal)).Count(), Is.EqualTo(200));
            Assert.That(received.Where(r => r.Title.StartsWith("v1 ", StringComparison.Ordinal)).Select(r => r.Token), Is.All.EqualTo("t0k3n-one"), "each delivery used its configuration's secret");
            Assert.That(received.Where(r => r.Title.StartsWith("v2 ", StringComparison.Ordinal)).Select(r => r.Token), Is.All.EqualTo("t0k3n-two"));
            Assert.That(received.Count(r => r.Title.StartsWith("v1 during-", StringComparison.Ordinal)), Is.GreaterThan(0), "deliveries were in flight on the first configuration when it was replaced");
            Assert.That(received, Does.Contain(("ops", "t0k3n-two", "v2 after")), "the new template and the new secret apply after the change");
            Assert.That(timedOut.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered), "the new rule applies");
            Assert.That(received, Does.Contain(("ops", "t0k3n-two", "late slow-job")));
            Assert.That(rejected, Does.Contain("configuration 2 keeps running").And.Contain("Rule 'failures'").And.Contain("Title"));
            Assert.That(tester.Configuration.Version, Is.EqualTo(2));
            Assert.That(tester.Configuration.RejectedProblems, Has.Some.Contains("Rule 'failures'"));
            Assert.That(received, Does.Contain(("ops", "t0k3n-two", "v2 still")), "a broken edit keeps the last good configuration running");
            Assert.That(afterBrokenEdit.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
        }
    }

    [Test]
    public async Task OptionsChangedFromCode_OpenIncidentSurvives_ItsRepeatIsDeduplicatedAndItsResolveUsesTheNewTemplate()
    {
        var title = "v1 {source}";
        var changes = new ManualChangeTokenSource();
        var signal = new LogSignal();
        RecordingSink sink = null!;
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(signal))
            .AddAlerting(a => a
                .AddRecording("ops", out sink)
                .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ops", n => n.Title = title)))
            .AddSingleton<IOptionsChangeTokenSource<AlertingOptions>>(changes);
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IAlertPublisher>();

        var opened = await publisher.PublishAndWaitAsync(Failure("db")).WaitAsync(Guard);
        title = "v2 {source} ({status})";
        changes.Change();
        await signal.NextAsync(1018, Guard);
        var repeated = await publisher.PublishAndWaitAsync(Failure("db")).WaitAsync(Guard);
        var resolved = await publisher.PublishAndWaitAsync(new AlertEvent(AlertEventTypes.JobSucceeded, "db", AlertSeverity.Info, "Back")).WaitAsync(Guard);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(opened.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(repeated.Outcomes.Single().ReasonTag, Is.EqualTo(DeliveryReasonTags.Deduplicated), "the incident opened before the change is still open");
            Assert.That(resolved.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(sink.Received.Select(n => (n.Kind, n.Title)), Is.EqualTo(new[] { (NotificationKind.Trigger, "v1 db"), (NotificationKind.Resolve, "v2 db (resolved)") }));
        }
    }

    private static AlertEvent Failure(string source) => new(AlertEventTypes.JobFailed, source, AlertSeverity.Error, "Disk full");

    /// <summary>An options change made from code: the host's own source of change tokens, as a settings store would have.</summary>
    private sealed class ManualChangeTokenSource : IOptionsChangeTokenSource<AlertingOptions>
    {
        private CancellationTokenSource _current = new();

        public string? Name => Microsoft.Extensions.Options.Options.DefaultName;

        public IChangeToken GetChangeToken() => new CancellationChangeToken(_current.Token);

        public void Change() => Interlocked.Exchange(ref _current, new CancellationTokenSource()).Cancel();
    }
}
