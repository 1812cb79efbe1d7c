namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The pipeline settings of a channel whose notifier takes an <see cref="HttpClient"/> but whose options do not
/// implement <see cref="IHttpNotifierOptions"/>: the default <see cref="HttpDeliveryOptions"/> and the usual provider's
/// answers (every other member's default).
/// </summary>
internal sealed class PluginHttpChannelOptions : IHttpNotifierOptions
{
    private PluginHttpChannelOptions()
    {
    }

    /// <summary>Gets the settings of a channel whose options say nothing about HTTP.</summary>
    public static PluginHttpChannelOptions Default { get; } = new();

    public HttpDeliveryOptions Http { get; } = new();

    /// <summary>The settings for a channel whose options are <paramref name="options"/>.</summary>
    public static IHttpNotifierOptions For(object options) => options as IHttpNotifierOptions ?? Default;
}
