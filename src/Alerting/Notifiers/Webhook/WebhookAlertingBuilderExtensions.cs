using Alerting.Notifiers.Webhook;
using Microsoft.Extensions.Configuration;

namespace Alerting;

/// <summary>Adds generic webhook channels to Alerting.</summary>
public static class WebhookAlertingBuilderExtensions
{
    /// <summary>The configuration <c>Type</c> of webhook channels: <c>webhook</c>.</summary>
    public const string TypeName = "webhook";

    /// <summary>
    /// Adds a channel that sends each notification to an HTTP endpoint. Options are bound from
    /// <c>Alerting:Channels:{channelName}</c> first, then <paramref name="configure"/> runs; take URLs that carry tokens
    /// and signing secrets from configuration, never from source.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="channelName">The channel name rules refer to.</param>
    /// <param name="configure">Sets the channel's options.</param>
    /// <returns>The builder.</returns>
    public static AlertingBuilder AddWebhook(this AlertingBuilder builder, string channelName, Action<WebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddWebhookType().AddNotifier<WebhookNotifier, WebhookOptions>(channelName, Bind, configure);
    }

    /// <summary>Makes <c>"Type": "webhook"</c> usable in configuration.</summary>
    internal static AlertingBuilder AddWebhookType(this AlertingBuilder builder) =>
        builder.AddNotifierType<WebhookNotifier, WebhookOptions, WebhookOptionsValidator>(Bind, TypeName);

    /// <summary>Binds a channel's options from its configuration section, with the source-generated binder.</summary>
    private static void Bind(IConfiguration section, WebhookOptions options) => section.Bind(options);
}
