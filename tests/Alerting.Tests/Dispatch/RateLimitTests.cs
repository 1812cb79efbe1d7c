using Alerting.Dispatch;
using Alerting.Notifiers;
using Alerting.Tests.Support;

namespace Alerting.Tests.Dispatch;

[TestFixture]
public class RateLimitTests
{
    [Test]
    public async Task Publish_OverTheRate_WaitsItsTurnWithoutCountingAgainstTheTimeout()
    {
        RecordingSink sink = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("paced", out sink, o => o.Capabilities = new NotifierCapabilities { RateLimit = 1, RatePeriod = TimeSpan.FromMinutes(1) })
            .ConfigureChannel("paced", c => { c.MaxConcurrency = 1; c.Timeout = TimeSpan.FromSeconds(5); })
            .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("paced")));

        var first = await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        var second = rig.Publisher.PublishAndWaitAsync(Some.Problem());
        var waits = new List<TimeSpan>();
        while (!second.IsCompleted && waits.Count < 10)
        {
            var due = await rig.Clock.NextTimerAsync();
            waits.Add(due);
            if (due == TimeSpan.FromMinutes(1))
            {
                Assert.That(sink.Received, Has.Count.EqualTo(1), "the second notification waits for a permit");
                rig.Clock.Advance(due);
                break;
            }
        }

        var result = await second.WaitAsync(TimerClock.Guard);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.AllDelivered, Is.True);
            Assert.That(waits, Does.Contain(TimeSpan.FromMinutes(1)));
            Assert.That(result.Outcomes.Single().Status, Is.EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(sink.Received, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task ChannelRateLimit_ZeroPermits_TurnsTheProvidersLimitOff()
    {
        RecordingSink sink = null!;
        await using var rig = DispatchRig.Create(a => a
            .AddRecording("unpaced", out sink, o => o.Capabilities = new NotifierCapabilities { RateLimit = 1 })
            .ConfigureChannel("unpaced", c => c.RateLimit.PermitLimit = 0)
            .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("unpaced")));

        for (var i = 0; i < 3; i++)
        {
            await rig.Publisher.PublishAndWaitAsync(Some.Problem()).WaitAsync(TimerClock.Guard);
        }

        Assert.That(sink.Received, Has.Count.EqualTo(3));
    }

    [Test]
    public void ChannelRateLimit_Negative_FailsValidationNamingTheChannel()
    {
        Assert.That(
            () => DispatchRig.Create(a => a
                .AddRecording("bad", out _)
                .ConfigureChannel("bad", c => c.RateLimit.PermitLimit = -1)
                .AddRule("all", r => r.ForTypes(AlertEventTypes.JobFailed).Notify("bad"))),
            Throws.Exception.Message.Contains("Channel 'bad': RateLimit needs PermitLimit >= 0"));
    }
}
