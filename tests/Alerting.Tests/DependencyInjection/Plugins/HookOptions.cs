namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>Options of the test plugin <see cref="HookNotifier"/>.</summary>
public sealed class HookOptions
{
    public Uri? Url { get; set; }
}
