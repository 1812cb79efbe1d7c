namespace Alerting.Notifiers.Http.Internal;

/// <summary>
/// The pipeline settings of a plugin's HTTP channel: its <see cref="IHttpNotifierOptions.Http"/> when its options
/// implement <see cref="IHttpNotifierOptions"/>, the defaults otherwise; transient statuses are network errors, 408,
/// 429 and 5xx, as for the built-in channels.
/// </summary>
internal sealed class PluginHttpChannelOptions(HttpDeliveryOptions http) : IHttpChannelOptions
{
    /// <summary>Gets the settings of a channel whose options say nothing about HTTP.</summary>
    public static PluginHttpChannelOptions Default { get; } = new(new HttpDeliveryOptions());

    public HttpDeliveryOptions Http { get; } = http;

    /// <summary>The settings for a plugin channel whose options are <paramref name="options"/>.</summary>
    public static IHttpChannelOptions For(object options) =>
        options as IHttpChannelOptions ?? (options is IHttpNotifierOptions { Http: { } http } ? new PluginHttpChannelOptions(http) : Default);

    public bool IsTransientStatus(int statusCode) => HttpNotifierDelivery.IsTransientStatus(statusCode);
}
