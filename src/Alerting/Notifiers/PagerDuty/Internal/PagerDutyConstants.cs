namespace Alerting.Notifiers.PagerDuty.Internal;

/// <summary>PagerDuty Events API v2 limits and defaults.</summary>
internal static class PagerDutyConstants
{
    public const int RoutingKeyLength = 32;

    public const int MaxSummaryLength = 1024;

    public const int MaxDedupKeyLength = 255;

    /// <summary>
    /// <c>source</c>, <c>component</c>, <c>group</c>, <c>class</c>, <c>client</c>, and the text of links and images:
    /// PagerDuty documents no limit for them, so they get the summary's.
    /// </summary>
    public const int MaxFieldLength = 1024;

    /// <summary>
    /// Link and image addresses and <c>client_url</c>: PagerDuty documents no limit; longer ones are left out, since a cut
    /// address would lead somewhere else.
    /// </summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The whole request body limit: PagerDuty's 512 KB, read as 512,000 bytes so that either reading of "KB" holds.</summary>
    public const int MaxBodyBytes = 512_000;

    /// <summary>120 events per minute per integration key.</summary>
    public const int EventsPerMinute = 120;

    public const string EnqueuePath = "v2/enqueue";

    public const string ChangeEnqueuePath = "v2/change/enqueue";
}
