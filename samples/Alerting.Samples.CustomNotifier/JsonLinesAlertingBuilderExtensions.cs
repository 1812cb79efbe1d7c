using Alerting.Samples.CustomNotifier;

namespace Alerting;

/// <summary>Registration of the JSON-lines notifier: one call, in the namespace of the builder, as a plugin package would ship it.</summary>
public static class JsonLinesAlertingBuilderExtensions
{
    /// <summary>Adds a JSON-lines channel in code.</summary>
    public static AlertingBuilder AddJsonLines(this AlertingBuilder builder, string channelName, Action<JsonLinesNotifierOptions>? configure = null)
        => builder.AddNotifier<JsonLinesNotifier, JsonLinesNotifierOptions>(channelName, configure);

    /// <summary>Lets configuration define JSON-lines channels with <c>"Type": "jsonlines"</c>.</summary>
    public static AlertingBuilder AddJsonLinesType(this AlertingBuilder builder)
        => builder.AddNotifierType<JsonLinesNotifier, JsonLinesNotifierOptions>();
}
