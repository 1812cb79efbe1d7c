namespace Alerting.Templates.Internal;

/// <summary>The <see cref="AlertEvent"/> fields a placeholder can name, resolved once at parse time.</summary>
internal enum EventField
{
    None = 0,
    Id,
    Type,
    Source,
    Severity,
    Message,
    Timestamp,
    Status,
    DedupKey,
    Environment,
    Url,
    Attributes,
}
