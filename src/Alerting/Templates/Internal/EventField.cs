namespace Alerting.Templates.Internal;

/// <summary>The <see cref="AlertEvent"/> field a placeholder names, decided at parse time; <see cref="None"/> for names looked up at render time.</summary>
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
