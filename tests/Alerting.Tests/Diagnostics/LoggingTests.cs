using Alerting.Notifiers;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public class LoggingTests
{
    private const string Failing = "pagerduty-prod";
    private const string Healthy = "ops-email";

    private static DispatchRig CreateRig(out RecordingSink failing, out RecordingSink healthy, string eventType = AlertEventTypes.JobFailed, int maxAttempts = 1)
    {
        RecordingSink f = null!;
        RecordingSink h = null!;
        var rig = DispatchRig.Create(
            a => a
                .AddRecording(Failing, out f)
                .AddRecording(Healthy, out h)
                .ConfigureChannel(Failing, c => c.Retry.MaxAttempts = maxAttempts)
                .AddRule("failures", r => r.ForTypes(eventType).Notify(Failing).Notify(Healthy)),
            s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFakeLogging()));
        failing = f;
        healthy = h;
        return rig;
    }

    private static IReadOnlyList<FakeLogRecord> Logs(DispatchRig rig) => rig.Harness.Provider.GetFakeLogCollector().GetSnapshot();

    [Test]
    public async Task FailedDeliveries_OneWarningEach_NamingChannelAndReason()
    {
        await using var rig = CreateRig(out var failing, out _);
        failing.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Permanent("401 Unauthorized"));

        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var warnings = Logs(rig).Where(r => r.Level >= LogLevel.Warning).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(warnings, Has.Length.EqualTo(2));
            Assert.That(warnings.Select(r => r.Level), Is.All.EqualTo(LogLevel.Warning));
            Assert.That(warnings.Select(r => r.Message), Is.All.Contain(Failing));
            Assert.That(warnings.Select(r => r.Message), Is.All.Contain("401 Unauthorized"));
            Assert.That(warnings.Select(r => r.Message), Is.All.Not.Contain(Healthy));
        }
    }

    [Test]
    public async Task RetriedDelivery_DebugLinePerRetryWithAttemptNumber_OneWarningAtTheEnd()
    {
        await using var rig = CreateRig(out var failing, out _, maxAttempts: 3);
        failing.Respond = (_, _) => ValueTask.FromResult(DeliveryResult.Transient("503 Service Unavailable"));

        await rig.PublishAndRunAsync(Some.Problem());

        var logs = Logs(rig);
        var retries = logs.Where(r => r.Level == LogLevel.Debug && r.GetStructuredStateValue("Attempt") is not null).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(retries.Select(r => r.GetStructuredStateValue("Attempt")), Is.EqualTo(new[] { "1", "2" }));
            Assert.That(retries.Select(r => r.GetStructuredStateValue("ChannelName")), Is.All.EqualTo(Failing));
            Assert.That(logs.Count(r => r.Level == LogLevel.Warning), Is.EqualTo(1));
        }
    }

    [Test]
    public async Task NotifierExceptionCarryingSecret_SecretAppearsInNoLogOutcomeSpanOrDeliveryFailedEvent()
    {
        const string Secret = "SECRET123";
        var eventType = Some.Name("secret.test");
        using var spans = new SpanRecorder(eventType);
        RecordingSink failing = null!;
        RecordingSink fallback = null!;
        await using var rig = DispatchRig.Create(
            a => a
                .AddRecording(Failing, out failing)
                .AddRecording(Healthy, out fallback)
                .ConfigureChannel(Failing, c => c.Retry.MaxAttempts = 2)
                .AddRule("failures", r => r.ForTypes(eventType).Notify(Failing))
                .AddRule("fallback", r => r.ForTypes(AlertEventTypes.DeliveryFailed).Notify(Healthy)),
            s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddFakeLogging()));
        failing.Respond = (_, _) => throw new HttpRequestException($"POST https://hooks.example/T000/{Secret} failed");
        var fallbackCalled = new TaskCompletionSource<Notification>(TaskCreationOptions.RunContinuationsAsynchronously);
        fallback.Respond = (n, _) =>
        {
            fallbackCalled.TrySetResult(n);
            return ValueTask.FromResult(DeliveryResult.Delivered());
        };

        var result = await rig.PublishAndRunAsync(Some.Problem(type: eventType));
        var raised = await fallbackCalled.Task.WaitAsync(TimerClock.Guard);

        var logText = Logs(rig).SelectMany(r => new[] { r.Message, r.Exception?.ToString() }
            .Concat(r.StructuredState?.Select(p => p.Value) ?? [])).OfType<string>();
        var spanText = spans.Spans.SelectMany(a => a.TagObjects.Select(t => t.Value?.ToString()).Append(a.StatusDescription)).OfType<string>();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Outcomes.Single().Reason, Does.Contain(nameof(HttpRequestException)).And.Not.Contain(Secret));
            Assert.That(rig.History.GetRecent().Select(o => o.Reason).OfType<string>(), Has.None.Contain(Secret));
            Assert.That(Logs(rig), Is.Not.Empty);
            Assert.That(logText, Has.None.Contain(Secret));
            Assert.That(spans.Spans, Is.Not.Empty);
            Assert.That(spanText, Has.None.Contain(Secret));
            Assert.That(raised.Event.Attributes.Values.Select(v => v?.ToString()).OfType<string>(), Has.None.Contain(Secret));
            Assert.That(new[] { raised.Event.Message, raised.Title, raised.Message }.OfType<string>(), Has.None.Contain(Secret));
        }
    }

    [Test]
    public async Task NotifierThrows_LogsExceptionTypeOnly()
    {
        await using var rig = CreateRig(out var failing, out _);
        failing.Respond = (_, _) => throw new HttpRequestException("https://hooks.example/T000/SECRET123");

        await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);

        var threw = Logs(rig).Single(r => r.Message.Contains(typeof(HttpRequestException).FullName!, StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(threw.Exception, Is.Null, "the exception (and its message) is not attached to the log");
            Assert.That(threw.Message, Does.Contain(Failing));
        }
    }
}
