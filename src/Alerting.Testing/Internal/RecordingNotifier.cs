using Alerting.Notifiers;

namespace Alerting.Testing.Internal;

/// <summary>
/// The notifier of a recording channel: hands each notification to the <see cref="NotificationRecorder"/> and answers as
/// the channel was told to (delivered by default). It sends nothing anywhere.
/// </summary>
internal sealed class RecordingNotifier(RecordingChannelOptions options, NotificationRecorder recorder, TimeProvider time) : INotifier
{
    /// <summary>The channel type recording channels get in place of their own.</summary>
    public const string TypeName = "recording";

    public NotifierCapabilities Capabilities => options.Capabilities;

    /// <summary>Whether a channel of the app's configuration records.</summary>
    public static bool IsRecording(ChannelOptions channel) => string.Equals(channel.Type, TypeName, StringComparison.OrdinalIgnoreCase);

    public ValueTask<DeliveryResult> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return ValueTask.FromResult(recorder.Record(notification, time.GetUtcNow()));
    }
}
