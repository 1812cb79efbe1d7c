using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Alerting.Tests.Support;

/// <summary>A service provider with Alerting on a fake clock, disposed (and so drained) at the end of a test.</summary>
internal sealed class AlertingHarness : IAsyncDisposable
{
    private AlertingHarness(ServiceProvider provider, FakeTimeProvider time)
    {
        Provider = provider;
        Time = time;
    }

    public ServiceProvider Provider { get; }

    public FakeTimeProvider Time { get; }

    public IAlertPublisher Publisher => Provider.GetRequiredService<IAlertPublisher>();

    public static AlertingHarness Create(Action<AlertingBuilder> configure, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(time);
        collection.AddAlerting(configure);
        services?.Invoke(collection);
        return new AlertingHarness(collection.BuildServiceProvider(), time);
    }

    public T Get<T>()
        where T : notnull => Provider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => Provider.DisposeAsync();
}
