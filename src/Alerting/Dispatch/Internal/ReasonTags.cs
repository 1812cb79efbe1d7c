namespace Alerting.Dispatch.Internal;

/// <summary>The bounded values of the <c>alerting.reason</c> tag.</summary>
internal static class ReasonTags
{
    public const string Transient = "transient";
    public const string Permanent = "permanent";
    public const string Timeout = "timeout";
    public const string Exception = "exception";
    public const string Shutdown = "shutdown";
    public const string Render = "render";
    public const string Threshold = "threshold";
    public const string Deduplicated = "deduplicated";
    public const string Silenced = "silenced";
    public const string Grouping = "grouping";
    public const string Flapping = "flapping";
    public const string QueueFull = "queue_full";
}
