namespace Alerting.Samples.CustomNotifier;

/// <summary>Options of a JSON-lines channel, bound from <c>Alerting:Channels:{name}</c>.</summary>
public sealed class JsonLinesNotifierOptions
{
    /// <summary>Gets or sets the file notifications are appended to, one JSON object per line.</summary>
    public string Path { get; set; } = "alerts.jsonl";
}
