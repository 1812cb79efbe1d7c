namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>PagerDuty Events API v2 limits and defaults.</summary>
internal static class PagerDutyConstants
{
    public const int RoutingKeyLength = 32;

    public const int MaxSummaryLength = 1024;

    public const int MaxDedupKeyLength = 255;

    /// <summary>The whole request body limit: 512 KB.</summary>
    public const int MaxBodyBytes = 512 * 1024;

    /// <summary>120 events per minute per integration key.</summary>
    public const int EventsPerMinute = 120;

    public const string EnqueuePath = "v2/enqueue";

    public const string ChangeEnqueuePath = "v2/change/enqueue";
}
