using System.Diagnostics;
using Alerting.Diagnostics;
using Alerting.Notifiers;
using Alerting.Tests.Dispatch;
using Alerting.Tests.Support;

namespace Alerting.Tests.Diagnostics;

[TestFixture]
public class TracingTests
{
    private const string Channel = "ops";
    private string _eventType = null!;
    private SpanRecorder _spans = null!;

    [SetUp]
    public void SetUp()
    {
        // A type of its own, so spans of tests running alongside are not counted.
        _eventType = Some.Name("tracing.test");
        _spans = new SpanRecorder(_eventType);
    }

    [TearDown]
    public void TearDown() => _spans.Dispose();

    private DispatchRig CreateRig(out RecordingSink sink, int maxAttempts = 1)
    {
        RecordingSink created = null!;
        var rig = DispatchRig.Create(a => a
            .AddRecording(Channel, out created)
            .ConfigureChannel(Channel, c => c.Retry.MaxAttempts = maxAttempts)
            .AddRule("traced", r => r.ForTypes(_eventType).Notify(Channel)));
        sink = created;
        return rig;
    }

    [Test]
    public async Task PublishAndWaitAsync_Delivered_DeliverSpanIsChildOfPublishSpan()
    {
        await using var rig = CreateRig(out _);

        await rig.Publisher.PublishAndWaitAsync(Some.Event(type: _eventType, severity: AlertSeverity.Warning)).WaitAsync(TimerClock.Guard);

        var publish = _spans.Named("alerting.publish").Single();
        var deliver = _spans.Named("alerting.deliver").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(publish.Kind, Is.EqualTo(ActivityKind.Producer));
            Assert.That(publish.GetTagItem(AlertingTelemetryTags.Severity), Is.EqualTo("warning"));
            Assert.That(deliver.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(deliver.TraceId, Is.EqualTo(publish.TraceId));
            Assert.That(deliver.ParentSpanId, Is.EqualTo(publish.SpanId));
            Assert.That(deliver.GetTagItem(AlertingTelemetryTags.Channel), Is.EqualTo(Channel));
            Assert.That(deliver.GetTagItem(AlertingTelemetryTags.Attempt), Is.EqualTo(1));
            Assert.That(deliver.Status, Is.Not.EqualTo(ActivityStatusCode.Error));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_RetriedDelivery_OneDeliverSpanPerAttemptAllUnderPublish()
    {
        await using var rig = CreateRig(out var sink, maxAttempts: 2);
        var calls = 0;
        sink.Respond = (_, _) => ValueTask.FromResult(Interlocked.Increment(ref calls) == 1 ? DeliveryResult.Transient("503") : DeliveryResult.Delivered());

        await rig.PublishAndRunAsync(Some.Event(type: _eventType));

        var publish = _spans.Named("alerting.publish").Single();
        var delivers = _spans.Named("alerting.deliver").OrderBy(a => (int)a.GetTagItem(AlertingTelemetryTags.Attempt)!).ToArray();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(delivers.Select(a => a.GetTagItem(AlertingTelemetryTags.Attempt)), Is.EqualTo(new object[] { 1, 2 }));
            Assert.That(delivers.Select(a => a.ParentSpanId), Is.All.EqualTo(publish.SpanId));
            Assert.That(delivers[0].Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(delivers[0].GetTagItem("alerting.recoverable"), Is.EqualTo(true));
            Assert.That(delivers[1].Status, Is.Not.EqualTo(ActivityStatusCode.Error));
        }
    }

    [Test]
    public async Task PublishAndWaitAsync_CallerHasActivity_PublishSpanJoinsCallersTrace()
    {
        await using var rig = CreateRig(out _);
        using var caller = new Activity("nightly-import.run").Start();

        await rig.Publisher.PublishAndWaitAsync(Some.Event(type: _eventType)).WaitAsync(TimerClock.Guard);

        var publish = _spans.Named("alerting.publish").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(publish.TraceId, Is.EqualTo(caller.TraceId));
            Assert.That(publish.ParentSpanId, Is.EqualTo(caller.SpanId));
            Assert.That(_spans.Named("alerting.deliver").Single().TraceId, Is.EqualTo(caller.TraceId));
        }
    }
}
