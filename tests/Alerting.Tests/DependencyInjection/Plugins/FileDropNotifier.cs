using Alerting.Notifiers;

namespace Alerting.Tests.DependencyInjection.Plugins;

/// <summary>
/// A third-party-style notifier for tests: "drops a file" named after the event into its folder, recording the drop
/// in the <see cref="FileDropBox"/> service instead of touching the disk. Its constructor takes its options and a
/// registered service.
/// </summary>
public sealed class FileDropNotifier(FileDropOptions options, FileDropBox box) : INotifier
{
    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        box.Add($"{options.Folder}/{notification.Event.Id}{options.Extension}", notification);
        return ValueTask.FromResult(DeliveryResult.Delivered());
    }
}
