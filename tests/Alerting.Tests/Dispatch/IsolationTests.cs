using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class IsolationTests
{
    private sealed class Bad { public override string ToString() => throw new NotSupportedException("boom"); }

    [Test]
    public async Task Spike_RenderThrows()
    {
        RecordingSink ok = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ok", out ok)
            .ConfigureChannel("ok", c => c.MaxConcurrency = 1)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ok", x => x.Title = "x {attributes.bad}")));
        var first = rig.Publisher.PublishAndWaitAsync(Some.Event(attributes: new Dictionary<string, object?> { ["bad"] = new Bad() }));
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimeSpan.FromSeconds(3));
        TestContext.Out.WriteLine(second.Outcomes[0]);
    }

    [Test]
    public async Task Spike_ConditionThrows()
    {
        RecordingSink ok = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ok", out ok)
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).WhenAttribute("bad", "x").Notify("ok"))
            .AddRule("r2", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ok")));
        var first = rig.Publisher.PublishAndWaitAsync(Some.Event(attributes: new Dictionary<string, object?> { ["bad"] = new Bad() }));
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimeSpan.FromSeconds(3));
        TestContext.Out.WriteLine(second.Outcomes[0]);
    }

    [Test]
    public async Task Spike_LongTimeout()
    {
        RecordingSink ok = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("ok", out ok)
            .ConfigureChannel("ok", c => { c.Timeout = TimeSpan.FromDays(60); c.Retry.MaxAttempts = 1; })
            .AddRule("r", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("ok")));
        ok.Respond = async (n, ct) => { await Task.Yield(); return DeliveryResult.Delivered(); };
        var second = await rig.Publisher.PublishAndWaitAsync(Some.Event()).WaitAsync(TimeSpan.FromSeconds(3));
        TestContext.Out.WriteLine(second.Outcomes[0]);
    }
}
