using System.Diagnostics.Metrics;
using Alerting.Notifiers.Http.Internal;
using Alerting.Tests.Support;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.Tests.Notifiers.Http;

[TestFixture]
public sealed class HttpStackWarmUpTests
{
    [Test]
    public async Task WarmUp_CompletesInProcess_AndCountsInNoHttpMetric()
    {
        var measured = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, _, _) => { lock (measured) { measured.Add(instrument.Name); } });
        listener.SetMeasurementEventCallback<double>((instrument, _, _, _) => { lock (measured) { measured.Add(instrument.Name); } });
        listener.Start();

        await HttpStackWarmUp.RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(measured, Is.Empty, "the warm-up request has meters of its own");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task StartAsync_WithOrWithoutWarmUp_StartsAndSendsNothing(bool warmUp)
    {
        RecordingSink ops = null!;
        await using var harness = AlertingHarness.Create(a => a
            .Configure(o => o.WarmUp = warmUp)
            .AddRecording("ops", out ops)
            .AddRule("failures", r => r.Notify("ops")));

        foreach (var hosted in harness.Provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        var sent = await harness.Publisher.PublishAndWaitAsync(Some.Problem());
        Assert.Multiple(() =>
        {
            Assert.That(sent.AllDelivered, Is.True);
            Assert.That(ops.Received, Has.Count.EqualTo(1), "the warm-up reaches no channel");
        });
    }
}
