namespace Alerting.Tests.Support;

internal static class RecordingAlertingBuilderExtensions
{
    /// <summary>Adds a recording channel and returns its sink.</summary>
    public static AlertingBuilder AddRecording(this AlertingBuilder builder, string channelName, out RecordingSink sink, Action<RecordingNotifierOptions>? configure = null)
    {
        var created = new RecordingSink();
        sink = created;
        return builder.AddNotifier<RecordingNotifier, RecordingNotifierOptions>(channelName, o =>
        {
            o.Sink = created;
            configure?.Invoke(o);
        });
    }
}
