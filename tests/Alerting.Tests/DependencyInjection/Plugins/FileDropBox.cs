using System.Collections.Concurrent;
using Alerting.Notifiers;

namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>What every <see cref="FileDropNotifier"/> dropped, by path; register it as a singleton.</summary>
public sealed class FileDropBox
{
    private readonly ConcurrentQueue<(string Path, Notification Notification)> _drops = new();

    public IReadOnlyList<(string Path, Notification Notification)> Drops => [.. _drops];

    public void Add(string path, Notification notification) => _drops.Enqueue((path, notification));
}
