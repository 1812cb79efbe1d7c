using Alerting.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Alerting.IntegrationTests.Email;

/// <summary>A burst through the whole pipeline: connections are reused, never more than the channel's concurrency.</summary>
[TestFixture]
public sealed class EmailBurstTests
{
    private const int Burst = 200;
    private const int Concurrency = 4;

    [Test]
    public async Task PublishAndWaitAsync_BurstOf200_ReusesAtMostMaxConcurrencyConnections()
    {
        using var server = await SmtpTestServer.StartAsync();
        var services = new ServiceCollection();
        services.AddAlerting(alerting => alerting
            .AddEmail("ops-email", o => EmailTestChannel.Apply(o, server.Port, "ops@example.com", "oncall@example.com"))
            .ConfigureChannel("ops-email", c =>
            {
                c.MaxConcurrency = Concurrency;
                c.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
            })
            .AddRule("failures", r => r.ForTypes(AlertEventTypes.JobFailed).WithoutIncidents().Notify("ops-email")));
        await using var provider = services.BuildServiceProvider();
        var publisher = provider.GetRequiredService<IAlertPublisher>();

        var results = await Task.WhenAll(Enumerable.Range(0, Burst).Select(i => publisher.PublishAndWaitAsync(
            new AlertEvent(AlertEventTypes.JobFailed, $"import-{i}", AlertSeverity.Error, $"Run {i} failed"))));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.SelectMany(r => r.Outcomes).Select(o => o.Status), Has.Exactly(Burst).EqualTo(DeliveryOutcomeStatus.Delivered));
            Assert.That(server.Received(), Has.Count.EqualTo(Burst));
            Assert.That(server.Connections, Is.InRange(1, Concurrency));
        }
    }
}
