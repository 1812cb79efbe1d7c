using Alerting.Notifiers;

namespace Alerting.Testing.Internal;

/// <summary>The options of a recording channel, per channel name: what it declares it can show.</summary>
internal sealed class RecordingChannelOptions
{
    /// <summary>Gets or sets the escaping and limits the notifications are rendered for.</summary>
    public NotifierCapabilities Capabilities { get; set; } = NotifierCapabilities.PlainText;
}
