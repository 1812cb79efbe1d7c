using Alerting.Notifiers.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Alerting.IntegrationTests.Providers;

/// <summary>
/// Alerting in a container on the real clock, with fake logging and quick retries (10 ms doubling, at most 100 ms),
/// disposed (drained) at the end of a test.
/// </summary>
internal sealed class ChannelHost : IAsyncDisposable
{
    /// <summary>How long a test waits for an outcome before failing instead of hanging.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _provider;

    public ChannelHost(Action<AlertingBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFakeLogging());
        services.AddAlerting(configure);
        services.PostConfigure<AlertingOptions>(o =>
        {
            // Every channel's one retry policy, made quick for emulators on loopback; a Retry-After is cut to 100 ms.
            foreach (var channel in o.Channels.Values)
            {
                channel.Retry.BaseDelay = TimeSpan.FromMilliseconds(10);
                channel.Retry.MaxDelay = TimeSpan.FromMilliseconds(100);
            }
        });
        _provider = services.BuildServiceProvider();
    }

    public IAlertPublisher Publisher => _provider.GetRequiredService<IAlertPublisher>();

    public FakeLogCollector Logs => _provider.GetFakeLogCollector();

    /// <summary>Quick settings for emulators on loopback: plain HTTP allowed and a short per-request timeout.</summary>
    public static void Loopback(HttpDeliveryOptions http)
    {
        http.AllowInsecureHttp = true;
        http.RequestTimeout = TimeSpan.FromMilliseconds(500);
    }

    /// <summary>A critical <c>job.failed</c> from <c>nightly-import</c> in region <c>eu-west-1</c>.</summary>
    public static AlertEvent Failure(string source = "nightly-import", string message = "Disk full") =>
        new(AlertEventTypes.JobFailed, source, AlertSeverity.Critical, message) { Attributes = new Dictionary<string, object?> { ["region"] = "eu-west-1" } };

    /// <summary>A host with the channels <paramref name="addChannels"/> adds and a rule sending job failures to <paramref name="channel"/>.</summary>
    public static ChannelHost ForFailures(string channel, Action<AlertingBuilder> addChannels, bool incidents = false, string? payload = null) =>
        new(a =>
        {
            addChannels(a);
            a.AddRule("failures", r =>
            {
                r.ForTypes(AlertEventTypes.JobFailed).Notify(channel, n => n.Payload = payload);
                if (!incidents)
                {
                    r.WithoutIncidents();
                }
            });
        });

    public async Task<PublishResult> PublishAsync(AlertEvent alertEvent) =>
        await Publisher.PublishAndWaitAsync(alertEvent).WaitAsync(Guard);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
