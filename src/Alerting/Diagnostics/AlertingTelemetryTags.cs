namespace Alerting.Diagnostics;

/// <summary>The tag keys on Alerting's metrics and spans. Values are bounded: never messages, dedup keys or secrets.</summary>
public static class AlertingTelemetryTags
{
    /// <summary>The channel name.</summary>
    public const string Channel = "alerting.channel";

    /// <summary>The event type.</summary>
    public const string EventType = "alerting.event.type";

    /// <summary>The severity shown.</summary>
    public const string Severity = "alerting.severity";

    /// <summary>The final outcome: <c>delivered</c>, <c>failed</c>, <c>suppressed</c>, <c>skipped</c>, <c>dropped</c>.</summary>
    public const string Outcome = "alerting.outcome";

    /// <summary>Why a notification failed (<c>transient</c>, <c>permanent</c>, <c>timeout</c>, <c>exception</c>, <c>shutdown</c>, <c>render</c>) or was held back (<c>threshold</c>, <c>environment</c>, <c>disabled</c>, <c>queue_full</c>).</summary>
    public const string Reason = "alerting.reason";

    /// <summary>The number of the delivery attempt (on spans).</summary>
    public const string Attempt = "alerting.attempt";
}
